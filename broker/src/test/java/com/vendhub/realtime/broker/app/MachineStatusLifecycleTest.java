package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RawMqttConnection;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A machine's online/offline life as a dashboard and the status history see it: a clean goodbye,
 * an abrupt loss, and repeats that change nothing. Each real change is stored and emitted once.
 */
class MachineStatusLifecycleTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    private static final Duration WAIT = Duration.ofSeconds(15);
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void aCleanDisconnectMakesTheMachineOfflineOnce(RunningServer server) throws Exception {
        UUID org = UUID.randomUUID();
        ProvisionedMachine m = server.provision(org, "clean");
        UUID id = m.machine().id();
        try (SocketIoTestClient dashboard = watch(org, id)) {
            Mqtt3BlockingClient device = server.connectDevice(m);
            dashboard.awaitEvent("machine:status", s -> s.path("status").asText().equals("online"));
            // Repeats of the same status change nothing.
            for (int i = 0; i < 3; i++) {
                device.publishWith().topic(TOPICS.telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Readings.telemetry(id, Instant.now().minusSeconds(10 - i).truncatedTo(ChronoUnit.MILLIS),
                                5, 900)).send();
            }
            await().atMost(WAIT).until(() -> server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + id
                    + "'") == 3);
            device.disconnect();
            dashboard.awaitEvent("machine:status", s -> s.path("status").asText().equals("offline"));

            await().atMost(WAIT).until(() -> server.statusHistory(id).size() == 2);
            assertThat(server.statusHistory(id)).containsExactly("online/connected", "offline/disconnected");
            assertThat(statuses(dashboard)).containsExactly("online", "offline");
        }
    }

    @Test
    void anAbruptLossMakesTheMachineOfflineAtOnceAndItComesBack(RunningServer server) throws Exception {
        UUID org = UUID.randomUUID();
        ProvisionedMachine m = server.provision(org, "abrupt");
        UUID id = m.machine().id();
        try (SocketIoTestClient dashboard = watch(org, id)) {
            RawMqttConnection link = RawMqttConnection.connect(server.server().mqttPort(), id.toString(), id.toString(),
                    m.deviceToken());
            dashboard.awaitEvent("machine:status", s -> s.path("status").asText().equals("online"));
            link.close(); // power cut: no DISCONNECT
            dashboard.awaitEvent("machine:status", s -> s.path("status").asText().equals("offline"));
            await().atMost(WAIT).until(() -> server.statusHistory(id).size() == 2);
            assertThat(server.statusHistory(id)).containsExactly("online/connected", "offline/disconnected");

            // It comes back.
            Mqtt3BlockingClient device = server.connectDevice(m);
            await().atMost(WAIT).until(() -> statuses(dashboard).size() == 3);
            assertThat(statuses(dashboard)).containsExactly("online", "offline", "online");
            await().atMost(WAIT).until(() -> server.statusHistory(id).size() == 3);
            device.disconnect();
        }
    }

    private static SocketIoTestClient watch(UUID org, UUID machineId) {
        SocketIoTestClient dashboard = SocketIoTestClient.connect(URI.create(vendhub.server().httpBase()),
                vendhub.server().userToken(org, "operator"));
        assertThat(dashboard.subscribe("machine:" + machineId).path("ok").asBoolean()).isTrue();
        return dashboard;
    }

    private static List<String> statuses(SocketIoTestClient dashboard) {
        return dashboard.events("machine:status").stream().map(e -> e.data().path("status").asText()).toList();
    }
}
