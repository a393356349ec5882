package com.vendhub.realtime.bench.soak;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT connection per machine, each with its own credentials and automatic reconnect, as the
 * firmware holds them: what the soak's hand-driven machines ({@link AlertingMachines}, {@link
 * BadDevices}) publish their telemetry through.
 */
final class DeviceConnections implements AutoCloseable {

    private final List<Mqtt3AsyncClient> clients = new ArrayList<>();
    private final List<UUID> ids = new ArrayList<>();
    private final TopicScheme topics = TopicScheme.defaults();

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

    int size() {
        return clients.size();
    }

    boolean isEmpty() {
        return clients.isEmpty();
    }

    UUID id(int device) {
        return ids.get(device);
    }

    List<UUID> ids() {
        return List.copyOf(ids);
    }

    long connected() {
        return clients.stream().filter(c -> c.getState().isConnected()).count();
    }

    /**
     * Publishes {@code payload} on device {@code device}'s telemetry topic at QoS 1; completes with
     * true once the broker acknowledged it, false when the device was not connected or the publish failed.
     */
    CompletableFuture<Boolean> publishTelemetry(int device, String payload) {
        Mqtt3AsyncClient c = clients.get(device);
        if (!c.getState().isConnected()) {
            return CompletableFuture.completedFuture(false);
        }
        return c.publishWith().topic(topics.telemetry(ids.get(device))).qos(MqttQos.AT_LEAST_ONCE)
                .payload(DevicePayloads.bytes(payload)).send()
                .handle((published, failure) -> failure == null);
    }

    @Override
    public void close() {
        for (Mqtt3AsyncClient c : clients) {
            try {
                c.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already gone
            }
        }
    }
}
