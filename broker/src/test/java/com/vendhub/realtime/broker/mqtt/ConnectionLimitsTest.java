package com.vendhub.realtime.broker.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.vendhub.realtime.broker.app.DeviceAccessSettings;
import com.vendhub.realtime.broker.testing.RawMqttConnection;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker's connection bounds (here: 2 sessions at once, 5 CONNECTs a minute per source) and a
 * flood of bad CONNECTs: each bound is counted, and well-behaved devices carry on.
 */
class ConnectionLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.withDevices(
            devices -> devices.withLimits(DeviceAccessSettings.DEFAULT_MAX_PAYLOAD_BYTES, 2, 5));

    @Test
    void aSessionOverTheConnectionLimitIsClosedAndTheNextOneFitsAgain(RunningServer server) {
        UUID org = UUID.randomUUID();
        ProvisionedMachine a = server.provision(org, "A");
        ProvisionedMachine b = server.provision(org, "B");
        ProvisionedMachine c = server.provision(org, "C");
        Mqtt3BlockingClient first = server.connectDevice(a);
        Mqtt3BlockingClient second = server.connectDevice(b);
        // Interceptors run in order: once A's and B's online status is known, both sessions are counted.
        await().atMost(WAIT).until(() -> server.server().ingest().status().online() >= 2);

        Mqtt3BlockingClient third = server.connectDevice(c);
        await().atMost(WAIT).until(() -> !third.getState().isConnected());
        assertThat(server.server().metrics().scrape())
                .contains("vendhub_broker_connections_refused_total{reason=\"max_connections\"} 1.0");
        assertThat(first.getState().isConnected()).isTrue();
        assertThat(second.getState().isConnected()).isTrue();

        first.disconnect();
        await().atMost(WAIT).until(() -> server.server().metrics().scrape().contains("vendhub_broker_connections 1.0"));
        Mqtt3BlockingClient again = server.connectDevice(c);
        UUID id = c.machine().id();
        Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(1);
        again.publishWith().topic(TopicScheme.defaults().telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Readings.telemetry(id, ts, 5, 500)).send();
        await().atMost(WAIT).until(() -> server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + id
                + "'") == 1);
        assertThat(again.getState().isConnected()).isTrue();
        again.disconnect();
        second.disconnect();
        await().atMost(WAIT).until(() -> server.server().metrics().scrape().contains("vendhub_broker_connections 0.0"));
    }

    @Test
    void tooManyConnectsFromOneSourceAreRefusedAndCounted(RunningServer server) {
        ProvisionedMachine m = server.provision(UUID.randomUUID(), "flapping");
        for (int i = 0; i < 5; i++) {
            Mqtt3BlockingClient device = server.connectDevice(m);
            device.disconnect();
        }
        assertThatThrownBy(() -> server.connectDevice(m)).isInstanceOf(Mqtt3ConnAckException.class);
        assertThat(server.server().metrics().scrape())
                .contains("vendhub_broker_auth_denied_total{reason=\"connect_rate\"}");
        // Another machine is not affected.
        Mqtt3BlockingClient other = server.connectDevice(server.provision(UUID.randomUUID(), "calm"));
        assertThat(other.getState().isConnected()).isTrue();
        other.disconnect();
    }

    @Test
    void aFloodOfBadConnectsIsRefusedAndTheBrokerKeepsServing(RunningServer server) {
        int port = server.server().mqttPort();
        int refused = 0;
        for (int i = 0; i < 300; i++) {
            String id = UUID.randomUUID().toString();
            try (RawMqttConnection ignored = RawMqttConnection.connect(port, id, id, "guess-" + i)) {
                throw new AssertionError("a made-up machine was let in");
            } catch (IOException expected) {
                refused++;
            }
        }
        assertThat(refused).isEqualTo(300);
        Mqtt3BlockingClient device = server.connectDevice(server.provision(UUID.randomUUID(), "after the flood"));
        assertThat(device.getState().isConnected()).isTrue();
        device.disconnect();
    }
}
