package com.vendhub.realtime.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.vendhub.realtime.broker.app.JwtSettings;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.fanout.testing.TestTokens;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventWire;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The external broker dies (SIGKILL) and comes back on its port with no session left: an ingest worker and a
 * fan-out node reconnect by themselves, with their service credentials, and subscribe again, so readings
 * published after the restart are stored and events reach the node's Socket.IO clients.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class BrokerRestartTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void aWorkerAndAFanoutNodeCarryOnAfterTheBrokerRestarts(BrokerKind kind, TestDatabase db) throws Exception {
        List<UUID> machines = IngestClusterTest.machines(db);
        UUID org = UUID.randomUUID();
        RoomEventWire wire = new RoomEventWire(TopicScheme.defaults(), WireJson.newObjectMapper(), 64 * 1024);
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        try (ExternalBroker broker = kind.start();
             IngestWorker worker = IngestWorker.start(IngestClusterTest.settings(broker, db, "worker-a"));
             FanoutNode node = FanoutNode.start(FanoutNodeSettings.defaults(broker.connection(),
                             DatabaseSettings.external(db.jdbcUrl()).withPoolSize(2), JwtSettings.secret(TestTokens.SECRET))
                     .withHttp(FanoutConfig.builder().host("127.0.0.1").port(0).build()))) {
            SocketIoTestClient client = SocketIoTestClient.connect(
                    URI.create("http://127.0.0.1:" + node.httpPort()), new TestTokens().token("u", org, "viewer"));
            try {
                assertThat(client.subscribe("machines:all").path("ok").asBoolean()).isTrue();
                try (PublishingDevices devices = PublishingDevices.connect(broker, machines)) {
                    devices.publishRound(base);
                }
                publishEvent(broker, wire, org, 0);
                client.awaitEvent("marker", d -> d.path("n").asInt() == 0);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> db.count("SELECT count(*) FROM telemetry") == machines.size());

                broker.restart();

                // The clients reconnect on their own schedules: publish until each side shows it is back.
                int[] attempt = {0};
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    int n = ++attempt[0];
                    try {
                        publishEvent(broker, wire, org, n);
                    } catch (RuntimeException e) {
                        return false; // the broker is not accepting yet
                    }
                    return client.events("marker").stream().anyMatch(e -> e.data().path("n").asInt() > 0);
                });
                try (PublishingDevices devices = PublishingDevices.connect(broker, machines)) {
                    devices.publishRound(base.plusSeconds(1));
                    await().atMost(Duration.ofSeconds(90))
                            .until(() -> db.count("SELECT count(*) FROM telemetry") == 2L * machines.size());
                }
                assertThat(db.count("SELECT count(*) FROM (SELECT DISTINCT machine_id, ts FROM telemetry) d"))
                        .isEqualTo(2L * machines.size());
                assertThat(client.events("marker").stream().filter(e -> e.data().path("n").asInt() == 0)).hasSize(1);
            } finally {
                client.close();
            }
        }
    }

    private static void publishEvent(ExternalBroker broker, RoomEventWire wire, UUID org, int n) {
        Mqtt5BlockingClient backend = broker.client("backend-" + UUID.randomUUID()).buildBlocking();
        backend.connect();
        try {
            RoomEvent event = new RoomEvent(org, Room.MACHINES_ALL, "marker",
                    ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
            backend.publishWith().topic(wire.topic(event)).qos(MqttQos.AT_LEAST_ONCE).payload(wire.encode(event)).send();
        } finally {
            backend.disconnect();
        }
    }
}
