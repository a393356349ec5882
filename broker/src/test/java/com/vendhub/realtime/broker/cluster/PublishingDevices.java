package com.vendhub.realtime.broker.cluster;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Vending machines on an external broker: one HiveMQ MQTT 5 client each (with the broker's credentials),
 * publishing contract telemetry at QoS 1, and remembering which readings the broker acknowledged.
 */
final class PublishingDevices implements AutoCloseable {

    private final List<UUID> machines;
    private final List<Mqtt5AsyncClient> clients = new ArrayList<>();
    private final TopicScheme topics = TopicScheme.defaults();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    private PublishingDevices(List<UUID> machines) {
        this.machines = machines;
    }

    static PublishingDevices connect(ExternalBroker broker, List<UUID> machines) throws Exception {
        PublishingDevices devices = new PublishingDevices(machines);
        for (UUID m : machines) {
            Mqtt5AsyncClient c = broker.client(m.toString()).buildAsync();
            c.connect().get(10, TimeUnit.SECONDS);
            devices.clients.add(c);
        }
        return devices;
    }

    /** One reading per machine, all at {@code timestamp}; returns once the broker acknowledged each. */
    void publishRound(Instant timestamp) throws Exception {
        List<CompletableFuture<?>> sent = new ArrayList<>(machines.size());
        for (int i = 0; i < machines.size(); i++) {
            UUID m = machines.get(i);
            sent.add(clients.get(i).publishWith().topic(topics.telemetry(m)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Readings.telemetry(m, timestamp, 4.5, 1000)).send()
                    .thenAccept(r -> {
                        if (r.getError().isEmpty()) {
                            acknowledged.add(key(m, timestamp));
                        }
                    }));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    /** Publishes {@code payload} on {@code topic} as machine {@code index} (odd messages, statuses). */
    void publishRaw(int index, String topic, byte[] payload, boolean retain) throws Exception {
        clients.get(index).publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload(payload)
                .send().get(10, TimeUnit.SECONDS);
    }

    /** Distinct readings the broker acknowledged (PUBACK) so far. */
    int acknowledgedByBroker() {
        return acknowledged.size();
    }

    Set<String> acknowledgedKeys() {
        return Set.copyOf(acknowledged);
    }

    static String key(UUID machine, Instant timestamp) {
        return machine + "|" + timestamp;
    }

    @Override
    public void close() {
        for (Mqtt5AsyncClient c : clients) {
            try {
                c.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Already gone; nothing to release.
            }
        }
    }
}
