package com.vendhub.realtime.sim.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.vendhub.realtime.schema.topics.MachineTopic;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.record.RecordedMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vendhub-sim replay}: plays a recording back over MQTT, each recorded machine as the machine
 * {@link MachineMapping} assigns it (its own credentials, so the broker's ACL applies as to any
 * device), with the original pacing, N times faster, or as fast as possible. A remapped message has
 * the recorded id replaced by the target's in its topic and payload; nothing else changes, so the
 * same readings (same timestamps, same values) are stored again. Counts what the broker accepted and
 * what the platform acknowledged on each machine's {@code ack} topic ({@code {"timestamps": [...]}}).
 */
public final class Replayer {

    private static final Logger log = LoggerFactory.getLogger(Replayer.class);

    private final ReplaySettings settings;
    private final TopicScheme topics;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong telemetrySent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    /** Readings sent and not yet acknowledged, as {@code machineId|timestamp}. */
    private final Set<String> awaitingAck = ConcurrentHashMap.newKeySet();

    public Replayer(ReplaySettings settings) {
        this.settings = settings;
        this.topics = new TopicScheme(settings.topicPrefix());
    }

    /** Machine ids of a recording, in order of first appearance. */
    public List<UUID> machinesOf(List<RecordedMessage> recording) {
        Map<UUID, Boolean> seen = new LinkedHashMap<>();
        for (RecordedMessage m : recording) {
            replayable(m).ifPresent(t -> seen.putIfAbsent(t.machineId(), Boolean.TRUE));
        }
        return List.copyOf(seen.keySet());
    }

    /**
     * Replays; blocks until every message was sent and acknowledgements were awaited.
     *
     * @param progress receives a progress snapshot about every {@code progressEvery}
     */
    public ReplayReport replay(List<RecordedMessage> recording, MachineMapping mapping, Duration progressEvery,
                               Consumer<ReplayReport> progress) throws InterruptedException {
        Map<UUID, Mqtt3AsyncClient> clients = connect(mapping);
        long skipped = 0;
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        long start = System.nanoTime();
        long nextProgress = start + progressEvery.toNanos();
        Instant first = recording.isEmpty() ? Instant.EPOCH : recording.get(0).timestamp();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (RecordedMessage m : recording) {
            Optional<MachineTopic> topic = replayable(m);
            Mqtt3AsyncClient client = topic.map(t -> clients.get(t.machineId())).orElse(null);
            if (client == null) {
                skipped++;
                continue;
            }
            if (!settings.asFastAsPossible()) {
                long offset = (long) (Duration.between(first, m.timestamp()).toNanos() / settings.speed());
                long wait = start + offset - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            if (System.nanoTime() >= nextProgress) {
                progress.accept(report(clients.size(), skipped));
                nextProgress = System.nanoTime() + progressEvery.toNanos();
            }
            DeviceCredentials target = mapping.target(topic.get().machineId());
            String from = topic.get().machineId().toString();
            String to = target.machineId().toString();
            byte[] payload = from.equals(to) ? m.payload()
                    : new String(m.payload(), StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
            boolean telemetry = topic.get().kind() == MachineTopicKind.TELEMETRY;
            String ackKey = telemetry ? readingKey(target.machineId(), payload) : null;
            if (ackKey != null) {
                awaitingAck.add(ackKey); // before sending: an ack may overtake our PUBACK handling
            }
            inFlight.acquire();
            pending.add(client.publishWith()
                    .topic(topics.machine(target.machineId(), topic.get().kind()))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(m.retained())
                    .payload(payload)
                    .send()
                    .whenComplete((ok, error) -> {
                        inFlight.release();
                        if (error != null) {
                            failed.incrementAndGet();
                            if (ackKey != null) {
                                awaitingAck.remove(ackKey);
                            }
                            return;
                        }
                        sent.incrementAndGet();
                        if (telemetry) {
                            telemetrySent.incrementAndGet();
                        }
                    }));
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(settings.ackWait().plus(settings.connectTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("not every publish completed: {}", e.toString());
        }
        long ackDeadline = System.nanoTime() + settings.ackWait().toNanos();
        while (!awaitingAck.isEmpty() && System.nanoTime() < ackDeadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        ReplayReport end = report(clients.size(), skipped);
        disconnect(clients);
        return end;
    }

    private ReplayReport report(int machines, long skipped) {
        return new ReplayReport(machines, sent.get(), telemetrySent.get(), acknowledged.get(), failed.get(), skipped);
    }

    /** A machine's telemetry or status: what a replay sends; everything else is skipped. */
    private Optional<MachineTopic> replayable(RecordedMessage m) {
        return topics.parseMachineTopic(m.topic())
                .filter(t -> t.kind() == MachineTopicKind.TELEMETRY || t.kind() == MachineTopicKind.STATUS);
    }

    private Map<UUID, Mqtt3AsyncClient> connect(MachineMapping mapping) throws InterruptedException {
        Map<UUID, Mqtt3AsyncClient> byRecordedId = new HashMap<>();
        List<CompletableFuture<?>> attempts = new ArrayList<>();
        mapping.all().forEach((recordedId, target) -> {
            Mqtt3AsyncClient client = client(target);
            attempts.add(client.connectWith().cleanSession(true).send()
                    .thenCompose(ack -> client.subscribeWith().topicFilter(topics.ack(target.machineId()))
                            .qos(MqttQos.AT_LEAST_ONCE).callback(p -> onAck(target.machineId(), p)).send())
                    .whenComplete((ok, e) -> {
                        if (e == null) {
                            synchronized (byRecordedId) {
                                byRecordedId.put(recordedId, client);
                            }
                        } else {
                            log.warn("machine {} could not connect: {}", target.machineId(), e.toString());
                        }
                    }));
        });
        try {
            CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
                    .get(settings.connectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("not every machine connected: {}", e.toString());
        }
        synchronized (byRecordedId) {
            return Map.copyOf(byRecordedId);
        }
    }

    private Mqtt3AsyncClient client(DeviceCredentials target) {
        String id = target.machineId().toString();
        var builder = MqttClient.builder().useMqttVersion3().identifier(id)
                .serverHost(settings.mqttHost()).serverPort(settings.mqttPort())
                .transportConfig().mqttConnectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .applyTransportConfig()
                .simpleAuth().username(id).password(target.token().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        if (settings.tls()) {
            builder = builder.sslWithDefaultConfig();
        }
        return builder.buildAsync();
    }

    private void onAck(UUID machineId, Mqtt3Publish ack) {
        try {
            JsonNode timestamps = json.readTree(ack.getPayloadAsBytes()).path("timestamps");
            for (JsonNode t : timestamps) {
                if (t.isTextual() && awaitingAck.remove(machineId + "|" + Instant.parse(t.textValue()))) {
                    acknowledged.incrementAndGet();
                }
            }
        } catch (IOException | DateTimeParseException e) {
            log.debug("unreadable ack for {}: {}", machineId, e.toString());
        }
    }

    /** {@code machineId|timestamp} of a telemetry payload; null when it has no readable timestamp. */
    private String readingKey(UUID machineId, byte[] payload) {
        try {
            JsonNode ts = json.readTree(payload).path("timestamp");
            return ts.isTextual() ? machineId + "|" + Instant.parse(ts.textValue()) : null;
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }

    private static void disconnect(Map<UUID, Mqtt3AsyncClient> clients) {
        List<CompletableFuture<?>> bye = new ArrayList<>();
        clients.values().forEach(c -> bye.add(c.disconnect().exceptionally(e -> null)));
        try {
            CompletableFuture.allOf(bye.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("disconnect after replay: {}", e.toString());
        }
    }
}
