package com.vendhub.realtime.broker.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.app.DeviceAccessSettings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/protocol.md, "Online, offline, status" (a reconnect takeover): a machine that reconnects while its old connection is still open takes the
 * session over (MQTT 3.1.1, 3.1.4-2: the server disconnects the existing client). The old connection's
 * end must not make the machine offline, nor uncount it: status, the connection gauge and the
 * connection limit follow the newest connection only. Repeated, because the old connection's
 * connection-lost event races the new connection's connect event inside Moquette.
 */
class ReconnectTakeoverTest {

    private static final int TAKEOVERS = 20;
    private static final int MAX_CONNECTIONS = 2;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TopicScheme TOPICS = TopicScheme.defaults();
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.withDevices(
            devices -> devices.withLimits(DeviceAccessSettings.DEFAULT_MAX_PAYLOAD_BYTES, MAX_CONNECTIONS, 10_000));

    @Test
    void aMachineThatTakesItsSessionOverStaysOnlineAndCountsOnce(RunningServer server) throws Exception {
        UUID org = UUID.randomUUID();
        ProvisionedMachine m = server.provision(org, "takeover");
        UUID id = m.machine().id();
        String token = server.userToken(org, "admin");
        Mqtt3BlockingClient current = server.connectDevice(m);
        await().atMost(WAIT).until(() -> server.server().ingest().status().current(id)
                .map(c -> c.status() == MachineStatus.ONLINE).orElse(false));

        for (int i = 1; i <= TAKEOVERS; i++) {
            Mqtt3BlockingClient old = current;
            current = server.connectDevice(m); // same client id while the old connection is open
            await().atMost(WAIT).until(() -> !old.getState().isConnected());
            // A barrier behind the old connection's end: Moquette runs one client id's events on one session
            // loop and hands them to ingest in order, so once this rejected message is counted, the old
            // connection's connection-lost event has been through the hooks and the ingest thread.
            long rejected = server.server().ingest().ingestor().counters().rejected();
            current.publishWith().topic(TOPICS.telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("barrier, not a reading".getBytes(StandardCharsets.UTF_8)).send();
            await().atMost(WAIT).until(() -> server.server().ingest().ingestor().counters().rejected() > rejected);

            String at = "takeover " + i + " of " + TAKEOVERS;
            assertThat(server.server().ingest().status().current(id).map(c -> c.status()))
                    .as("status in memory after " + at).contains(MachineStatus.ONLINE);
            assertThat(restStatus(token, id)).as("REST machine list after " + at).isEqualTo("online");
            await().atMost(WAIT).untilAsserted(() -> assertThat(latestStoredStatus(id))
                    .as("latest stored status after " + at).isEqualTo("online"));
            assertThat(gauge("vendhub_broker_connections")).as("connection gauge after " + at).isEqualTo(1.0);
            assertThat(current.getState().isConnected()).isTrue();
        }

        // The limit counts the machine once: one more machine fits, the next one is over the limit.
        ProvisionedMachine second = server.provision(org, "second");
        ProvisionedMachine third = server.provision(org, "third");
        Mqtt3BlockingClient b = server.connectDevice(second);
        await().atMost(WAIT).until(() -> gauge("vendhub_broker_connections") == 2.0);
        Mqtt3BlockingClient c = server.connectDevice(third);
        await().atMost(WAIT).until(() -> !c.getState().isConnected());
        assertThat(gauge("vendhub_broker_connections_refused_total{reason=\"max_connections\"}")).isEqualTo(1.0);
        assertThat(current.getState().isConnected()).isTrue();
        assertThat(b.getState().isConnected()).isTrue();
        assertThat(gauge("vendhub_broker_connection_events_stale_total")).isGreaterThan(0);

        b.disconnect();
        current.disconnect();
        await().atMost(WAIT).until(() -> gauge("vendhub_broker_connections") == 0.0);
        await().atMost(WAIT).untilAsserted(() -> assertThat(latestStoredStatus(id)).isEqualTo("offline"));
    }

    private static String restStatus(String token, UUID id) throws Exception {
        HttpResponse<String> r = vendhub.server().get("/api/v1/machines", token);
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode machine : JSON.readTree(r.body())) {
            if (machine.path("id").asText().equals(id.toString())) {
                return machine.path("status").asText();
            }
        }
        throw new AssertionError("machine " + id + " not in " + r.body());
    }

    private static String latestStoredStatus(UUID id) {
        try (var c = vendhub.server().server().dataSource().getConnection();
             var ps = c.prepareStatement("SELECT status FROM machine_status_changes WHERE machine_id = ? "
                     + "ORDER BY changed_at DESC LIMIT 1")) {
            ps.setObject(1, id);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One sample of the server's Prometheus text, by its name and labels. */
    private static double gauge(String sample) {
        for (String line : vendhub.server().server().metrics().scrape().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }
}
