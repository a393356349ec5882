package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A machine that stays connected but goes silent becomes offline after the silence timeout (here
 * one second), and online again with its next reading; each change is stored and emitted once.
 */
class SilenceTimeoutTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.withDevices(
            devices -> devices.withSilenceTimeout(Duration.ofSeconds(1)));

    @Test
    void aSilentMachineGoesOfflineAndReturnsWithItsNextReading(RunningServer server) {
        UUID org = UUID.randomUUID();
        ProvisionedMachine m = server.provision(org, "quiet");
        UUID id = m.machine().id();
        try (SocketIoTestClient dashboard = SocketIoTestClient.connect(URI.create(server.httpBase()),
                server.userToken(org, "viewer"))) {
            assertThat(dashboard.subscribe("machines:all").path("ok").asBoolean()).isTrue();
            Mqtt3BlockingClient device = server.connectDevice(m);
            dashboard.awaitEvent("machine:status", s -> s.path("status").asText().equals("online"));

            // Connected, but nothing published: silence.
            dashboard.awaitEvent("machine:status", s -> s.path("status").asText().equals("offline"));
            await().atMost(Duration.ofSeconds(15)).until(() -> server.statusHistory(id).size() == 2);
            assertThat(server.statusHistory(id))
                    .containsExactly("online/connected", "offline/silence");

            device.publishWith().topic(TOPICS.telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Readings.telemetry(id, Instant.now().minusMillis(100).truncatedTo(ChronoUnit.MILLIS), 4, 800))
                    .send();
            await().atMost(Duration.ofSeconds(15)).until(() -> server.statusHistory(id).size() >= 3);
            assertThat(server.statusHistory(id).subList(0, 3))
                    .containsExactly("online/connected", "offline/silence", "online/telemetry");
            assertThat(dashboard.events("machine:status").stream().map(e -> e.data().path("status").asText())
                    .limit(3).toList()).containsExactly("online", "offline", "online");
            assertThat(server.server().metrics().scrape()).contains("vendhub_ingest_status_silence_offline_total");
            device.disconnect();
        }
    }
}
