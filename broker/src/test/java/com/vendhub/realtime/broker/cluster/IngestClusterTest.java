package com.vendhub.realtime.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.vendhub.realtime.broker.testing.Fleet;
import com.vendhub.realtime.ingest.store.BatchSettings;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two {@code vendhub ingest} workers on one shared subscription of a real Mosquitto 2: a fleet
 * publishing at QoS 1 is stored exactly once, the broker splits the work between the workers, every
 * message is acknowledged to the broker once committed, and the workers publish the machines' commit
 * acknowledgements and live events over MQTT.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class IngestClusterTest {

    static final int MACHINES = 20;
    /** Mosquitto routes a shared subscription's messages round robin, also to a member that is offline; without
     * a cap on its queue, such a member's share waits for it instead of being dropped at 1,000. */
    static final String MOSQUITTO_CONFIG = "max_queued_messages 0\n";

    /**
     * Mosquitto before 2.0.13 (2.0.11 here, as in Debian 12 and Ubuntu 22.04) does not keep to a client's
     * Receive Maximum once messages queue up (README, "Scale-out: vendhub ingest"), so the workers
     * announce the protocol's largest, and their queue holds as many.
     */
    static final int RECEIVE_MAXIMUM = 65_535;

    static IngestWorker.Settings settings(Mosquitto mosquitto, TestDatabase db, String clientId) {
        BatchSettings d = BatchSettings.defaults();
        return new IngestWorker.Settings(MqttUrl.parse(mosquitto.url()), null, null, clientId,
                IngestWorker.DEFAULT_SHARE_GROUP, Duration.ofMinutes(10), RECEIVE_MAXIMUM, 10_000, db.jdbcUrl(), null,
                null, 2, "vendhub", new BatchSettings(RECEIVE_MAXIMUM, d.maxBatch(), d.maxLinger(), d.maxBackoff()),
                Duration.ZERO);
    }

    static List<UUID> machines(TestDatabase db) {
        return Fleet.provision(db.dataSource(), MACHINES).stream().map(DeviceCredentials::machineId).toList();
    }

    @Test
    void twoWorkersOnOneSharedSubscriptionStoreEveryReadingOnceAndShareTheWork(TestDatabase db) throws Exception {
        List<UUID> machines = machines(db);
        int rounds = 100;
        int readings = rounds * MACHINES;
        ObjectMapper json = WireJson.newObjectMapper();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger liveTelemetry = new AtomicInteger();
        try (Mosquitto mosquitto = Mosquitto.start(MOSQUITTO_CONFIG);
             IngestWorker a = IngestWorker.start(settings(mosquitto, db, "worker-a"));
             IngestWorker b = IngestWorker.start(settings(mosquitto, db, "worker-b"));
             PublishingDevices devices = PublishingDevices.connect(mosquitto.port(), machines)) {
            // A backend's view: the ack topics the devices read, and the event stream the fan-out nodes read.
            Mqtt5AsyncClient observer = MqttClient.builder().useMqttVersion5().identifier("observer")
                    .serverHost("127.0.0.1").serverPort(mosquitto.port()).buildAsync();
            observer.connect().get(10, TimeUnit.SECONDS);
            observer.subscribeWith().topicFilter("vendhub/machines/+/ack").qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> {
                        String machine = p.getTopic().getLevels().get(2);
                        try {
                            for (JsonNode ts : json.readTree(p.getPayloadAsBytes()).path("timestamps")) {
                                acked.add(PublishingDevices.key(UUID.fromString(machine), Instant.parse(ts.asText())));
                            }
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).send().get(10, TimeUnit.SECONDS);
            observer.subscribeWith().topicFilter("vendhub/events/#").qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> {
                        if (new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8).contains("\"machine:telemetry\"")) {
                            liveTelemetry.incrementAndGet();
                        }
                    }).send().get(10, TimeUnit.SECONDS);

            Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
            for (int i = 0; i < rounds; i++) {
                devices.publishRound(base.plusMillis(i));
            }
            // Invalid input is dead-lettered and acknowledged at once; a status is applied and acknowledged.
            devices.publishRaw(0, TopicScheme.defaults().telemetry(machines.get(0)),
                    "not json".getBytes(StandardCharsets.UTF_8), false);
            devices.publishRaw(1, TopicScheme.defaults().status(machines.get(1)),
                    ("{\"status\":\"maintenance\",\"timestamp\":\"" + Instant.now() + "\"}")
                            .getBytes(StandardCharsets.UTF_8), true);
            int messages = readings + 2;

            await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM telemetry") >= readings
                    && a.messagesFromBroker() + b.messagesFromBroker() >= messages
                    && unacknowledged(a) + unacknowledged(b) == 0
                    && acked.size() >= readings);
            long rows = db.count("SELECT count(*) FROM telemetry");
            long distinct = db.count("SELECT count(*) FROM (SELECT DISTINCT machine_id, ts FROM telemetry) d");
            System.out.printf("ingest cluster: %d readings published (%d acknowledged by Mosquitto), %d messages in all; "
                            + "worker-a took %d, worker-b took %d; %d telemetry rows, %d distinct; %d readings "
                            + "acknowledged on ack topics; %d live telemetry events%n",
                    readings, devices.acknowledgedByBroker(), messages, a.messagesFromBroker(), b.messagesFromBroker(),
                    rows, distinct, acked.size(), liveTelemetry.get());

            assertThat(devices.acknowledgedByBroker()).isEqualTo(readings);
            assertThat(rows).isEqualTo(readings);
            assertThat(distinct).isEqualTo(readings);
            assertThat(db.count("SELECT count(*) FROM bunker_levels")).isEqualTo(2L * readings);
            // Each message reached exactly one worker, and both took a real share.
            assertThat(a.messagesFromBroker() + b.messagesFromBroker()).isEqualTo(messages);
            assertThat(a.messagesFromBroker()).isGreaterThan(messages / 5);
            assertThat(b.messagesFromBroker()).isGreaterThan(messages / 5);
            assertThat(a.counters().committed() + b.counters().committed()).isEqualTo(readings);
            // The contract's commit acknowledgements name every stored reading.
            assertThat(acked).isEqualTo(devices.acknowledgedKeys());
            assertThat(liveTelemetry.get()).isPositive();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    db.count("SELECT count(*) FROM dead_letters WHERE reason = 'not_json'") == 1
                            && db.count("SELECT count(*) FROM machine_status_changes WHERE machine_id = '"
                            + machines.get(1) + "' AND status = 'maintenance'") == 1);
            observer.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    static long unacknowledged(IngestWorker worker) {
        return (long) worker.metrics().find("vendhub.cluster.broker.unacknowledged").gauge().value();
    }
}
