package com.vendhub.realtime.bench.soak;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Well-behaved machines whose one bunker runs low and is refilled by turns, with a critical error
 * on each low reading: every few seconds an {@code inventory:low}, an {@code inventory:restored}
 * (the refill) and a {@code machine:error} for the bystander checks, whatever the simulator's
 * physics happen to do in a short run.
 */
final class AlertingMachines implements AutoCloseable {

    /** 10 % of the bunker: below the default low-level threshold (20 %). */
    private static final double LOW_GRAMS = 100;
    /** Full: above threshold + hysteresis, and a jump that reads as a refill. */
    private static final double FULL_GRAMS = 1000;

    private final List<Mqtt3AsyncClient> clients = new ArrayList<>();
    private final List<UUID> ids = new ArrayList<>();
    private final TopicScheme topics = TopicScheme.defaults();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-alerting-machines");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private long turn;

    void connect(List<DeviceCredentials> devices, int mqttPort) throws Exception {
        for (DeviceCredentials d : devices) {
            Mqtt3AsyncClient c = MqttClient.builder().useMqttVersion3().identifier(d.machineId().toString())
                    .serverHost("127.0.0.1").serverPort(mqttPort).automaticReconnectWithDefaultConfig()
                    .simpleAuth().username(d.machineId().toString())
                    .password(d.token().getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                    .buildAsync();
            c.connect().get(30, TimeUnit.SECONDS);
            clients.add(c);
            ids.add(d.machineId());
        }
    }

    /** Each machine publishes every {@code every}, low and full by turns. */
    void start(Duration every) {
        if (clients.isEmpty()) {
            return;
        }
        long period = Math.max(1, every.toMillis() / clients.size());
        scheduler.scheduleAtFixedRate(this::next, period, period, TimeUnit.MILLISECONDS);
    }

    void stop() {
        scheduler.shutdownNow();
    }

    List<UUID> ids() {
        return List.copyOf(ids);
    }

    long sent() {
        return sent.get();
    }

    long failures() {
        return failures.get();
    }

    private void next() {
        long t = turn++;
        int machine = (int) (t % clients.size());
        boolean low = (t / clients.size()) % 2 == 0;
        Mqtt3AsyncClient c = clients.get(machine);
        UUID id = ids.get(machine);
        // Millisecond timestamps: what firmware sends, and what every store keeps exactly.
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String errors = low ? DevicePayloads.error("E-SOAK-7", "Grinder jam", "critical", at) : "";
        String payload = DevicePayloads.reading(id, at, "Coffee beans", low ? LOW_GRAMS : FULL_GRAMS, errors, null);
        if (!c.getState().isConnected()) {
            failures.incrementAndGet();
            return;
        }
        c.publishWith().topic(topics.telemetry(id)).qos(MqttQos.AT_LEAST_ONCE).payload(DevicePayloads.bytes(payload))
                .send().whenComplete((p, e) -> {
                    if (e == null) {
                        sent.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                    }
                });
    }

    @Override
    public void close() {
        stop();
        for (Mqtt3AsyncClient c : clients) {
            try {
                c.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already gone
            }
        }
    }
}
