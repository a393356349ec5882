package com.vendhub.realtime.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

    static IngestWorker.Settings settings(ExternalBroker broker, TestDatabase db, String clientId) {
        BatchSettings d = BatchSettings.defaults();
        int receiveMaximum = broker.workerReceiveMaximum();
        return new IngestWorker.Settings(broker.mqttUrl(), broker.username(), broker.password(), clientId,
                IngestWorker.DEFAULT_SHARE_GROUP, Duration.ofMinutes(10), receiveMaximum, 10_000, db.jdbcUrl(), null,
                null, 2, "vendhub", new BatchSettings(receiveMaximum, d.maxBatch(), d.maxLinger(), d.maxBackoff()),
                Duration.ZERO);
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
            // Each message reached exactly one worker, and both took a real share.
            assertThat(a.messagesFromBroker() + b.messagesFromBroker()).isEqualTo(messages);
            assertThat(a.messagesFromBroker()).isGreaterThan(messages / 5);
            assertThat(b.messagesFromBroker()).isGreaterThan(messages / 5);
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
     * A worker that joins while the fleet publishes gets a share at once, not only once the backlog empties.
     * HiveMQ CE offers a shared subscription's messages to an idle member only when the group's queue turns
     * from empty to non-empty, counting the messages in flight (its ClientQueuePersistenceImpl#add); with
     * acknowledgements after commit, that queue is never empty while devices publish, so the new worker got
     * nothing at all until the worker re-sent its SUBSCRIBE when idle (HiveMQ polls for a subscriber then).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void aWorkerThatJoinsWhileTheFleetPublishesGetsAShare(BrokerKind kind, TestDatabase db) throws Exception {
        List<UUID> machines = machines(db);
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger rounds = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        try (ExternalBroker broker = kind.start();
             IngestWorker a = IngestWorker.start(settings(broker, db, "worker-a"));
             PublishingDevices devices = PublishingDevices.connect(broker, machines)) {
            Thread publisher = new Thread(() -> {
                try {
                    while (publishing.get()) {
                        devices.publishRound(base.plusMillis(rounds.getAndIncrement()));
                        Thread.sleep(5);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "devices");
            publisher.start();
            IngestWorker b = null;
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> a.messagesFromBroker() >= 200);
                b = IngestWorker.start(settings(broker, db, "worker-b"));
                IngestWorker joined = b;
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> joined.messagesFromBroker() >= 100);
                } catch (ConditionTimeoutException e) {
                    // Starved: the assertion below says so.
                }
                long joinedShare = b.messagesFromBroker();
                publishing.set(false);
                publisher.join();
                assertThat(failure.get()).isNull();
                int published = devices.acknowledgedByBroker();
                await().atMost(Duration.ofSeconds(90)).until(() -> db.count("SELECT count(*) FROM telemetry") >= published
                        && unacknowledged(a) + unacknowledged(joined) == 0);
                System.out.printf("joining worker on %s: %d readings published; worker-a took %d, worker-b %d (%d "
                                + "within 30 s of joining); %d rows%n", broker, published, a.messagesFromBroker(),
                        b.messagesFromBroker(), joinedShare, db.count("SELECT count(*) FROM telemetry"));

                assertThat(joinedShare).as("messages worker-b got within 30 s of joining").isGreaterThanOrEqualTo(100);
                assertThat(db.count("SELECT count(*) FROM telemetry")).isEqualTo(published);
                assertThat(db.count("SELECT count(*) FROM (SELECT DISTINCT machine_id, ts FROM telemetry) d"))
                        .isEqualTo(published);
            } finally {
                publishing.set(false);
                publisher.join();
                if (b != null) {
                    b.close();
                }
            }
        }
    }

    static long unacknowledged(IngestWorker worker) {
        return (long) worker.metrics().find("vendhub.cluster.broker.unacknowledged").gauge().value();
    }
}
