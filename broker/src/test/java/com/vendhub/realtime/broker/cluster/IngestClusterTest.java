package com.vendhub.realtime.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.vendhub.realtime.broker.assembly.MonitoringSettings;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.broker.testing.Fleet;
import com.vendhub.realtime.broker.testing.Readings;
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
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two {@code vendhub ingest} workers on one shared subscription of a real external broker (each
 * {@link BrokerKind}: Mosquitto 2, HiveMQ CE): a fleet
 * publishing at QoS 1 is stored exactly once, the broker splits the work between the workers, every
 * message is acknowledged to the broker once committed, and the workers publish the machines' commit
 * acknowledgements and live events over MQTT.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class IngestClusterTest {

    static final int MACHINES = 20;

    static IngestWorkerSettings settings(ExternalBroker broker, TestDatabase db, String clientId) {
        int receiveMaximum = broker.workerReceiveMaximum();
        return IngestWorkerSettings.defaults(broker.connection(), DatabaseSettings.external(db.jdbcUrl()).withPoolSize(2))
                .withClientId(clientId)
                .withSessionExpiry(Duration.ofMinutes(10))
                .withReceiveMaximum(receiveMaximum, BatchSettings.defaults().withQueueCapacity(receiveMaximum))
                .withStatusInterval(Duration.ZERO)
                // Several workers share this JVM: each its own free port for metrics and health.
                .withMonitoring(new MonitoringSettings("127.0.0.1", 0, MonitoringSettings.defaults().limits(),
                        ReadinessSettings.defaults()));
    }

    static List<UUID> machines(TestDatabase db) {
        return Fleet.provision(db.dataSource(), MACHINES).stream().map(DeviceCredentials::machineId).toList();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void twoWorkersOnOneSharedSubscriptionStoreEveryReadingOnceAndShareTheWork(BrokerKind kind, TestDatabase db)
            throws Exception {
        List<UUID> machines = machines(db);
        int rounds = 100;
        int readings = rounds * MACHINES;
        ObjectMapper json = WireJson.newObjectMapper();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger liveTelemetry = new AtomicInteger();
        try (ExternalBroker broker = kind.start();
             IngestWorker a = IngestWorker.start(settings(broker, db, "worker-a"));
             IngestWorker b = IngestWorker.start(settings(broker, db, "worker-b"));
             PublishingDevices devices = PublishingDevices.connect(broker, machines)) {
            // A backend's view: the ack topics the devices read, and the event stream the fan-out nodes read.
            Mqtt5AsyncClient observer = broker.client("observer").buildAsync();
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
            System.out.printf("ingest cluster on %s: %d readings published (%d acknowledged by the broker), %d messages in all; "
                            + "worker-a took %d, worker-b took %d; %d telemetry rows, %d distinct; %d readings "
                            + "acknowledged on ack topics; %d live telemetry events%n",
                    broker, readings, devices.acknowledgedByBroker(), messages, a.messagesFromBroker(), b.messagesFromBroker(),
                    rows, distinct, acked.size(), liveTelemetry.get());

            assertThat(devices.acknowledgedByBroker()).isEqualTo(readings);
            assertThat(rows).isEqualTo(readings);
            assertThat(distinct).isEqualTo(readings);
            assertThat(db.count("SELECT count(*) FROM bunker_levels")).isEqualTo(2L * readings);
            // Each message reached exactly one worker, and both took a real share. Not an even one: HiveMQ CE
            // offers a busy group's queued messages to an idle member only once it subscribes again (the worker's
            // --mqtt-idle-resubscribe; docs/testing.md, "Cluster tests on two brokers"); clean CI runs saw
            // 1,401 / 601 and 350 / 1,652 splits there. A twentieth is still a real share.
            assertThat(a.messagesFromBroker() + b.messagesFromBroker()).isEqualTo(messages);
            assertThat(a.messagesFromBroker()).isGreaterThan(messages / 20);
            assertThat(b.messagesFromBroker()).isGreaterThan(messages / 20);
            assertThat(a.counters().committed() + b.counters().committed()).isEqualTo(readings);
            // The contract's commit acknowledgements name every stored reading.
            assertThat(acked).isEqualTo(devices.acknowledgedKeys());
            assertThat(liveTelemetry.get()).isPositive();
            // The broker kept to each worker's Receive Maximum: the client closes the connection otherwise.
            for (IngestWorker w : List.of(a, b)) {
                assertThat(w.metrics().get("vendhub.cluster.broker.receive.maximum.exceeded").counter().count())
                        .isZero();
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    db.count("SELECT count(*) FROM dead_letters WHERE reason = 'not_json'") == 1
                            && db.count("SELECT count(*) FROM machine_status_changes WHERE machine_id = '"
                            + machines.get(1) + "' AND status = 'maintenance'") == 1);
            observer.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Both workers take a share while the fleet keeps their share group busy. HiveMQ CE offers a share
     * group's queued messages to an idle member only when that queue turns from empty to non-empty, counting
     * the messages in flight (its ClientQueuePersistenceImpl#add); a busy member polls again once its own
     * messages are acknowledged. With acknowledgements after commit (here after a 2 s linger) the queue does
     * not empty while devices publish faster than one worker commits, so the worker that did not get the
     * first message got nothing at all, until it learnt to send its SUBSCRIBE again when idle (HiveMQ CE
     * polls for a subscriber then).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void bothWorkersTakeAShareWhileTheFleetKeepsTheGroupBusy(BrokerKind kind, TestDatabase db) throws Exception {
        List<UUID> machines = machines(db);
        int rounds = 50;
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        try (ExternalBroker broker = kind.start();
             IngestWorker a = IngestWorker.start(slowCommits(settings(broker, db, "worker-a")));
             IngestWorker b = IngestWorker.start(slowCommits(settings(broker, db, "worker-b")));
             PublishingDevices devices = PublishingDevices.connect(broker, machines)) {
            // One reading first: one worker takes it and holds it unacknowledged for the linger, so the group's
            // queue is not empty while the rest arrive, faster than one worker commits them.
            devices.publishRaw(0, TopicScheme.defaults().telemetry(machines.get(0)),
                    Readings.telemetry(machines.get(0), base.minusSeconds(1), 4.5, 1000), false);
            await().atMost(Duration.ofSeconds(30)).until(() -> a.messagesFromBroker() + b.messagesFromBroker() == 1);
            for (int i = 0; i < rounds; i++) {
                devices.publishRound(base.plusMillis(i));
            }
            int published = devices.acknowledgedByBroker() + 1;
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> db.count("SELECT count(*) FROM telemetry") >= published
                        && unacknowledged(a) + unacknowledged(b) == 0);
            } catch (ConditionTimeoutException e) {
                // Readings are missing: the assertions below say how many.
            }
            long rows = db.count("SELECT count(*) FROM telemetry");
            long messages = a.messagesFromBroker() + b.messagesFromBroker();
            System.out.printf("busy share group on %s: %d readings published; worker-a took %d, worker-b %d "
                            + "(re-subscribed when idle %.0f and %.0f times); %d rows%n", broker, published,
                    a.messagesFromBroker(), b.messagesFromBroker(), idleResubscribes(a), idleResubscribes(b), rows);

            assertThat(a.messagesFromBroker()).as("worker-a's share of %d", messages).isGreaterThan(messages / 10);
            assertThat(b.messagesFromBroker()).as("worker-b's share of %d", messages).isGreaterThan(messages / 10);
            assertThat(rows).isEqualTo(published);
            assertThat(db.count("SELECT count(*) FROM (SELECT DISTINCT machine_id, ts FROM telemetry) d"))
                    .isEqualTo(published);
        }
    }

    /** {@code s} with batches that wait 2 s for company: each message stays unacknowledged that long. */
    private static IngestWorkerSettings slowCommits(IngestWorkerSettings s) {
        return s.withBatch(s.batch().withMaxLinger(Duration.ofSeconds(2)));
    }

    private static double idleResubscribes(IngestWorker worker) {
        return worker.metrics().find("vendhub.cluster.broker.idle.resubscribes").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    static long unacknowledged(IngestWorker worker) {
        return (long) worker.metrics().find("vendhub.cluster.broker.unacknowledged").gauge().value();
    }
}
