// The Engine.IO / Socket.IO protocol suite, spoken by the official socket.io-client 4.x against a
// running vendhub fan-out. Each scenario prints one {"step": ...} JSON line with what it observed;
// the Java test (SocketIoProtocolSuiteTest) asserts on them. To make the server broadcast, a
// scenario prints {"cmd":"publish",...} and waits for the test to answer {"done": id} on stdin.
// Env: VENDHUB_URL, VENDHUB_TOKEN (viewer of VENDHUB_ORG), VENDHUB_ORG, VENDHUB_MACHINE_ID.
import { io } from 'socket.io-client';
import { createInterface } from 'node:readline';
import { seedOptions } from './seed-options.mjs';

const url = process.env.VENDHUB_URL;
const token = process.env.VENDHUB_TOKEN;
const org = process.env.VENDHUB_ORG;
const machineId = process.env.VENDHUB_MACHINE_ID;
const room = `machine:${machineId}`;

const step = (name, data) => console.log(JSON.stringify({ step: name, ...data }));
const fail = (message) => { step('failed', { message }); process.exit(1); };
setTimeout(() => fail('timed out'), 120_000).unref();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The command channel to the Java test.
let nextCmd = 1;
const waiting = new Map();
createInterface({ input: process.stdin }).on('line', (line) => {
  const { done } = JSON.parse(line);
  waiting.get(done)?.();
  waiting.delete(done);
});
function publish(event, data, count = 1) {
  const id = nextCmd++;
  console.log(JSON.stringify({ cmd: 'publish', id, org, room, event, data, count }));
  return new Promise((resolve) => waiting.set(id, resolve));
}

function connect(opts) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { auth: { token }, reconnection: false, forceNew: true, ...opts });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

function collect(socket, event) {
  const got = [];
  socket.on(event, (data) => got.push(data));
  return got;
}

async function until(predicate, what, ms = 10_000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) fail(`waited too long for ${what}`);
    await sleep(10);
  }
}

// A basic round on one connected socket: subscribe with an ack, receive a burst in order,
// unsubscribe, and check that nothing arrives afterwards.
async function round(socket, label) {
  const ack = await socket.timeout(5000).emitWithAck('subscribe', { room });
  const got = collect(socket, 'machine:telemetry');
  await publish('machine:telemetry', { machineId, n: 0 }, 50);
  await until(() => got.length >= 50, `${label}: 50 events`);
  const ordered = got.every((d, i) => d.n === i);
  const unsub = await socket.timeout(5000).emitWithAck('unsubscribe', { room });
  await publish('machine:telemetry', { machineId, n: 99 }, 1);
  await sleep(200);
  step(label, {
    transport: socket.io.engine.transport.name,
    ack, unsub, received: got.length, ordered,
  });
}

// 1. websocket only.
{
  const s = await connect({ transports: ['websocket'] });
  await round(s, 'websocket-only');
  s.disconnect();
}

// 2. polling only (long-polling GET/POST, packets batched with \x1e).
{
  const s = await connect({ transports: ['polling'] });
  await round(s, 'polling-only');
  s.disconnect();
}

// 3. polling, then the upgrade to websocket (probe 2probe/3probe, upgrade packet 5).
{
  const s = io(url, { auth: { token }, reconnection: false, forceNew: true, transports: ['polling', 'websocket'] });
  const opened = new Promise((resolve) => s.io.once('open', () => resolve(s.io.engine.transport.name)));
  const upgraded = new Promise((resolve) => s.io.once('open', () => s.io.engine.once('upgrade', resolve)));
  await new Promise((resolve) => s.once('connect', resolve));
  const first = await opened;
  await upgraded;
  step('upgrade', { first, after: s.io.engine.transport.name });
  await round(s, 'polling-upgraded');
  s.disconnect();
}

// 4. Refusals: a bad token on each transport, and another namespace.
for (const transports of [['websocket'], ['polling']]) {
  try {
    const s = await connect({ transports, auth: { token: 'not-a-jwt' } });
    s.disconnect();
    fail('connected with a bad token');
  } catch (err) {
    step(`bad-token-${transports[0]}`, { message: err.message });
  }
}
try {
  const s = io(`${url}/admin`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => { s.once('connect', () => reject(new Error('connected'))); s.once('connect_error', (e) => { s.close(); resolve(e); }); })
    .then((e) => step('namespace', { message: e.message }));
} catch (err) {
  fail('namespace /admin was accepted');
}

// 5. The seed's Zustand store and useRealtimeSubscription, unchanged: no ack, the server answers
//    with "subscribed"/"unsubscribed" events.
{
  const socket = io(url, seedOptions(token));
  await new Promise((resolve) => socket.once('connect', resolve));
  const subscribed = new Promise((resolve) => socket.once('subscribed', resolve));
  socket.emit('subscribe', { room });
  const sub = await subscribed;
  const got = collect(socket, 'machine:telemetry');
  await publish('machine:telemetry', { machineId, n: 0 }, 1);
  await until(() => got.length === 1, 'seed telemetry');
  const unsubscribed = new Promise((resolve) => socket.once('unsubscribed', resolve));
  socket.emit('unsubscribe', { room });
  const unsub = await unsubscribed;
  step('seed', { subscribed: sub, unsubscribed: unsub, telemetry: got[0] });
  socket.disconnect();
}

// 6. Connection state recovery, on each transport: the client drops its connection, misses three
//    broadcasts, reconnects by itself, and gets exactly those, once each.
for (const transports of [['websocket'], ['polling']]) {
  const socket = io(url, { auth: { token }, transports, forceNew: true, reconnectionDelay: 500,
    randomizationFactor: 0 });
  await new Promise((resolve) => socket.once('connect', resolve));
  const recoveredAtFirst = socket.recovered;
  const id = socket.id;
  await socket.timeout(5000).emitWithAck('subscribe', { room });
  const got = collect(socket, 'machine:status');
  await publish('machine:status', { machineId, n: 0 }, 1);
  await until(() => got.length === 1, 'first status');
  const reconnected = new Promise((resolve) => socket.once('connect', resolve));
  const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
  socket.io.engine.close(); // the network drops: not a deliberate disconnect
  const reason = await disconnected;
  await publish('machine:status', { machineId, n: 1 }, 3);
  await reconnected;
  await until(() => got.length >= 4, 'missed statuses');
  await publish('machine:status', { machineId, n: 4 }, 1);
  await until(() => got.length >= 5, 'live status after recovery');
  await sleep(300);
  step(`recovery-${transports[0]}`, {
    recoveredAtFirst, recovered: socket.recovered, sameId: socket.id === id, reason,
    received: got.map((d) => d.n),
  });
  socket.disconnect();
}

step('done', {});
process.exit(0);
