// A socket whose token expires is ended by the server (issue 10, defect 9), seen by the official client.
// Env: VENDHUB_URL, VENDHUB_TOKEN (a token that expires within the server's grace), VENDHUB_TRANSPORT
// (websocket or polling); prints one JSON line: the disconnect reason and whether the client would
// reconnect by itself.
import { io } from 'socket.io-client';

const url = process.env.VENDHUB_URL;
const token = process.env.VENDHUB_TOKEN;
const step = (name, data) => console.log(JSON.stringify({ step: name, ...data }));
const fail = (message) => { step('failed', { message }); process.exit(1); };
setTimeout(() => fail('timed out'), 120_000).unref();

{
  const transports = [process.env.VENDHUB_TRANSPORT];
  // The seed's options: reconnection on.
  const socket = io(url, { auth: { token }, transports, forceNew: true, reconnection: true,
    reconnectionDelay: 500, randomizationFactor: 0 });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (err) => reject(new Error('connect_error: ' + err.message)));
  }).catch((e) => fail(e.message));
  const subscribed = await socket.timeout(10_000).emitWithAck('subscribe', { room: 'machines:all' });
  const reason = await new Promise((resolve) => socket.once('disconnect', resolve));
  step(`expired-${transports[0]}`, { subscribed: subscribed.ok, reason, active: socket.active });
  socket.close();
}
step('done', {});
process.exit(0);
