// The seed's dashboard usage, run with the official socket.io-client against a running vendhub.
// Steps are printed one JSON object per line; the Java test drives the device side and checks them.
// Env: VENDHUB_URL, VENDHUB_TOKEN, VENDHUB_MACHINE_ID.
import { io } from 'socket.io-client';
import { createInterface } from 'node:readline';
import { seedOptions } from './seed-options.mjs';

const url = process.env.VENDHUB_URL;
const token = process.env.VENDHUB_TOKEN;
const machineId = process.env.VENDHUB_MACHINE_ID;
const step = (name, data) => console.log(JSON.stringify({ step: name, ...data }));
const fail = (message) => { step('failed', { message }); process.exit(1); };
setTimeout(() => fail('timed out'), 45_000).unref();

// 1. A bad token is refused at connect with connect_error "Unauthorized".
await new Promise((resolve) => {
  const s = io(url, { auth: { token: 'not-a-jwt' }, transports: ['websocket'], reconnection: false });
  s.on('connect', () => fail('connected with a bad token'));
  s.on('connect_error', (err) => { step('bad-token', { message: err.message }); s.close(); resolve(); });
});

// 2. The seed's Zustand store, options unchanged.
const socket = io(url, seedOptions(token));
socket.on('connect_error', (err) => fail('connect_error: ' + err.message));
await new Promise((resolve) => socket.on('connect', resolve));
step('connected', { id: socket.id, transport: socket.io.engine.transport.name });

// 3. useRealtimeSubscription: subscribe, listen, unsubscribe.
const room = `machine:${machineId}`;
socket.on('exception', (e) => step('exception', e));
const subscribed = new Promise((resolve) => socket.once('subscribed', resolve));
const acked = new Promise((resolve) => socket.emit('subscribe', { room }, resolve));
step('subscribed', await subscribed);
step('subscribe-ack', await acked);

const refused = await new Promise((resolve) =>
  socket.emit('subscribe', { room: 'org:00000000-0000-4000-8000-000000000000' }, resolve));
step('refused-ack', refused);

const telemetry = new Promise((resolve) => socket.once('machine:telemetry', resolve));
step('ready', {});
// The test publishes a reading over MQTT once it reads "ready", then writes "sent" to our stdin.
const sent = new Promise((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
await sent;
const t = await telemetry;
step('telemetry', { machineId: t.machineId, timestamp: t.timestamp, temperature: t.temperature,
  bunkers: t.bunkers.length, percentage: t.bunkers[0]?.percentage, lowLevelAlert: t.bunkers[0]?.lowLevelAlert });

const unsubscribed = new Promise((resolve) => socket.once('unsubscribed', resolve));
socket.emit('unsubscribe', { room });
step('unsubscribed', await unsubscribed);
socket.disconnect();
step('done', {});
process.exit(0);
