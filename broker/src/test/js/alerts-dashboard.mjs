// Alerts as dashboards see them, with the official socket.io-client: socket M listens on
// machine:{A}, socket O on org:{A} (both organization A), socket X on org:{B} and machines:all
// (organization B). Each records inventory:low, inventory:restored and machine:error. After the Java
// test writes "finish" on stdin, it waits for the last events of the scenario (A's restore on M and O,
// B's own alert on X: events of one socket arrive in order, so a duplicate would have come first),
// prints them all as one {"step":"events"} line and exits.
// Env: VENDHUB_URL, VENDHUB_TOKEN_A, VENDHUB_TOKEN_B, VENDHUB_MACHINE_A, VENDHUB_ORG_A, VENDHUB_ORG_B.
import { io } from 'socket.io-client';
import { createInterface } from 'node:readline';

const env = process.env;
const step = (name, data) => console.log(JSON.stringify({ step: name, ...data }));
const fail = (message) => { step('failed', { message }); process.exit(1); };
setTimeout(() => fail('timed out'), 150_000).unref();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const EVENTS = ['inventory:low', 'inventory:restored', 'machine:error'];

async function listener(token, rooms) {
  const socket = io(env.VENDHUB_URL, { auth: { token }, transports: ['websocket'], reconnection: false });
  socket.on('connect_error', (err) => fail('connect_error: ' + err.message));
  await new Promise((resolve) => socket.once('connect', resolve));
  const got = [];
  for (const event of EVENTS) socket.on(event, (data) => got.push({ event, data }));
  for (const room of rooms) {
    const ack = await socket.timeout(5000).emitWithAck('subscribe', { room });
    if (!ack.ok) fail(`subscribe ${room} refused: ${JSON.stringify(ack)}`);
  }
  return { socket, got };
}

const m = await listener(env.VENDHUB_TOKEN_A, [`machine:${env.VENDHUB_MACHINE_A}`]);
const o = await listener(env.VENDHUB_TOKEN_A, [`org:${env.VENDHUB_ORG_A}`]);
const x = await listener(env.VENDHUB_TOKEN_B, [`org:${env.VENDHUB_ORG_B}`, 'machines:all']);
step('ready', {});

await new Promise((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
const has = (l, event) => l.got.some((e) => e.event === event);
const end = Date.now() + 30_000;
while (!(has(m, 'inventory:restored') && has(o, 'inventory:restored') && has(x, 'inventory:low'))) {
  if (Date.now() > end) fail(`last events missing: ${JSON.stringify({ m: m.got, o: o.got, x: x.got })}`);
  await sleep(10);
}
step('events', { m: m.got, o: o.got, x: x.got });
for (const l of [m, o, x]) l.socket.disconnect();
process.exit(0);
