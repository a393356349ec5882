// The peer a user of the seed's stack would write: MQTT.js + node-postgres, subscribed to every
// machine's telemetry on Mosquitto, batched as a competent user would (multi-row INSERT ... ON
// CONFLICT DO NOTHING, flushed every 500 messages or 100 ms), into the same schema. No spool, no
// acknowledgement after commit, no validation beyond JSON.parse.
// stdin commands from the benchmark: "reset" starts a new measurement window, "report" prints
// "STATS <stored> <lagP50ms> <lagP99ms>" for the window.
'use strict';
const mqtt = require('mqtt');
const { Pool } = require('pg');
const readline = require('readline');

const [mqttUrl, dbUrl] = process.argv.slice(2);
const FLUSH_MESSAGES = 500;
const FLUSH_MS = 100;
const pool = new Pool({ connectionString: dbUrl, max: 4 });
let buffer = [];
let inFlight = 0;
let stored = 0;
let lags = [];

function flush() {
  if (buffer.length === 0) return;
  const batch = buffer;
  buffer = [];
  inFlight++;
  write(batch).then(() => {
    const now = Date.now();
    stored += batch.length;
    for (const m of batch) lags.push(now - Date.parse(m.timestamp));
  }).catch((e) => console.error('batch failed', e.message)).finally(() => { inFlight--; });
}

async function write(batch) {
  const t = []; const tv = [];
  const b = []; const bv = [];
  for (const m of batch) {
    const n = tv.length;
    t.push(`($${n + 1},$${n + 2},now(),$${n + 3},$${n + 4},$${n + 5},$${n + 6},$${n + 7})`);
    tv.push(m.machineId, m.timestamp, m.status, m.temperature, m.humidity, m.uptime, m.lastSale || null);
    for (const k of m.bunkers) {
      const j = bv.length;
      b.push(`($${j + 1},$${j + 2},$${j + 3},$${j + 4},$${j + 5},$${j + 6},$${j + 7},$${j + 8},$${j + 9})`);
      bv.push(m.machineId, m.timestamp, k.bunkerId, k.ingredientId, k.ingredientName, k.currentLevel, k.maxLevel,
        Math.round(k.currentLevel / k.maxLevel * 10000) / 100, k.currentLevel / k.maxLevel < 0.2);
    }
  }
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('INSERT INTO telemetry (machine_id, ts, received_at, status, temperature, humidity, uptime_s, last_sale) VALUES '
      + t.join(',') + ' ON CONFLICT DO NOTHING', tv);
    // 500 messages x 6 bunkers x 9 parameters stays under PostgreSQL's 65,535 bind parameters.
    await c.query('INSERT INTO bunker_levels (machine_id, ts, bunker_id, ingredient_id, ingredient_name, current_level, max_level, percentage, low_level) VALUES '
      + b.join(',') + ' ON CONFLICT DO NOTHING', bv);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

const client = mqtt.connect(mqttUrl, { clientId: 'peer-ingest', clean: true, protocolVersion: 4 });
client.on('connect', () => {
  client.subscribe('vendhub/machines/+/telemetry', { qos: 1 }, () => console.log('READY'));
});
client.on('message', (topic, payload) => {
  try {
    buffer.push(JSON.parse(payload.toString()));
  } catch (e) {
    return;
  }
  if (buffer.length >= FLUSH_MESSAGES) flush();
});
setInterval(flush, FLUSH_MS);

function quantile(sorted, q) {
  if (sorted.length === 0) return -1;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'reset') { stored = 0; lags = []; }
  if (line === 'report') {
    const s = lags.slice().sort((x, y) => x - y);
    console.log(`STATS ${stored} ${quantile(s, 0.5)} ${quantile(s, 0.99)} ${inFlight}`);
  }
});
