// The peer a user of the seed would run instead of vendhub: socket.io 4.x on Node, fed from MQTT
// (mqtt.js), doing the same broadcasts as the seed's EventsGateway (server.to(room).emit(event, data)).
// Rooms are keyed by organization as vendhub keys them. Started by FanoutBenchmark; stdin "gc" runs
// a full GC (node --expose-gc) and answers "gc-done <rss bytes>".
// Env: PORT, MQTT_URL, TOPIC_PREFIX.
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Server } from 'socket.io';
import mqtt from 'mqtt';

const prefix = (process.env.TOPIC_PREFIX || 'vendhub') + '/events/';
const http = createServer();
const io = new Server(http, {
  cors: { origin: '*', credentials: true },
  transports: ['websocket', 'polling'],
  pingInterval: 25000,
  pingTimeout: 20000,
});

io.on('connection', (socket) => {
  // The benchmark's clients send their organization in the auth payload (no JWT check: the peer
  // gets the benefit of the doubt).
  const org = socket.handshake.auth?.org || 'none';
  socket.on('subscribe', (data, ack) => {
    const room = `${org}/${data.room}`;
    socket.join(room);
    socket.emit('subscribed', { room: data.room });
    if (typeof ack === 'function') ack({ ok: true, room: data.room });
  });
  socket.on('unsubscribe', (data) => {
    socket.leave(`${org}/${data.room}`);
    socket.emit('unsubscribed', { room: data.room });
  });
});

const client = mqtt.connect(process.env.MQTT_URL, { clean: true });
client.on('connect', () => {
  client.subscribe(prefix + '#', { qos: 1 }, () => {
    http.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
      console.log(`ready ${http.address().port}`);
    });
  });
});
client.on('message', (topic, payload) => {
  let envelope;
  try {
    envelope = JSON.parse(payload);
  } catch {
    return;
  }
  const room = topic.substring(prefix.length);
  io.to(`${envelope.organizationId}/${room}`).emit(envelope.event, envelope.data);
});

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'gc') {
    global.gc();
    global.gc();
    console.log(`gc-done ${process.memoryUsage().rss}`);
  }
});
