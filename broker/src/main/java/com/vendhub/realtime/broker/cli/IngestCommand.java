package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.cluster.IngestWorker;
import com.vendhub.realtime.schema.config.MqttUrl;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vendhub ingest --mqtt-url URL --db-url URL}: a scale-out ingest worker. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Run an ingest worker on an external MQTT 5 broker (EMQX, HiveMQ, Mosquitto 2): a persistent "
                + "session with shared subscriptions to every machine's telemetry and status, acknowledging each "
                + "message only after its reading is committed. Run several with the same share group.")
final class IngestCommand implements Callable<Integer> {

    @Mixin
    ExternalBrokerOptions external;

    @Option(names = "--mqtt-client-id", defaultValue = "${env:VENDHUB_MQTT_CLIENT_ID}",
            description = "MQTT client id, distinct per worker and the same across its restarts, so that a restarted "
                    + "worker resumes its session (env VENDHUB_MQTT_CLIENT_ID, default vendhub-ingest-<host name>).")
    String clientId;

    @Option(names = "--mqtt-share-group", defaultValue = "${env:VENDHUB_MQTT_SHARE_GROUP:-vendhub-ingest}",
            description = "Shared subscription group, $share/<group>/...; the same for every worker "
                    + "(env VENDHUB_MQTT_SHARE_GROUP, default ${DEFAULT-VALUE}).")
    String shareGroup;

    @Option(names = "--mqtt-session-expiry", defaultValue = "${env:VENDHUB_MQTT_SESSION_EXPIRY:-PT24H}",
            description = "How long the broker keeps this worker's session and its messages while the worker is "
                    + "away, ISO-8601 (env VENDHUB_MQTT_SESSION_EXPIRY, default ${DEFAULT-VALUE}).")
    Duration sessionExpiry;

    @Option(names = "--mqtt-receive-maximum", defaultValue = "${env:VENDHUB_MQTT_RECEIVE_MAXIMUM:-2000}",
            description = "Messages the broker may send before this worker acknowledges (they are acknowledged "
                    + "after commit) (env VENDHUB_MQTT_RECEIVE_MAXIMUM, default ${DEFAULT-VALUE}).")
    int receiveMaximum;

    @Option(names = "--mqtt-publish-limit", defaultValue = "${env:VENDHUB_MQTT_PUBLISH_LIMIT:-10000}",
            description = "Commit acknowledgements, and separately live events, waiting for the broker before more "
                    + "are dropped and counted (env VENDHUB_MQTT_PUBLISH_LIMIT, default ${DEFAULT-VALUE}).")
    int publishLimit;

    @Option(names = "--mqtt-idle-resubscribe", defaultValue = "${env:VENDHUB_MQTT_IDLE_RESUBSCRIBE:-PT1S}",
            description = "After this long without a message (and none unacknowledged) the worker sends its SUBSCRIBE "
                    + "again, so that a broker that offers queued shared messages only to busy members (HiveMQ CE) "
                    + "lets it in; ISO-8601, PT0S for never (env VENDHUB_MQTT_IDLE_RESUBSCRIBE, default "
                    + "${DEFAULT-VALUE}).")
    Duration idleResubscribe;

    @Option(names = "--topic-prefix", defaultValue = "${env:VENDHUB_TOPIC_PREFIX:-vendhub}",
            description = "MQTT topic prefix (env VENDHUB_TOPIC_PREFIX, default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--status-interval", defaultValue = "${env:VENDHUB_STATUS_INTERVAL:-PT5S}",
            description = "Period of the one-line summary, ISO-8601, PT0S for none "
                    + "(env VENDHUB_STATUS_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration statusInterval;

    @Mixin
    BatchOptions batching;

    @Mixin
    ValidationOptions validation;

    @Mixin
    EventWriterOptions eventWriter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Checked here, not with picocli's "required": a value from the environment counts too.
        for (String[] option : new String[][] {{"--mqtt-url", external.mqttUrl}, {"--db-url", external.dbUrl}}) {
            if (option[1] == null || option[1].isBlank()) {
                throw new ParameterException(spec.commandLine(), "Missing required option " + option[0]);
            }
        }
        IngestWorker.Settings settings;
        try {
            settings = new IngestWorker.Settings(MqttUrl.parse(external.mqttUrl), external.mqttUsername,
                    external.mqttPassword,
                    clientId == null || clientId.isBlank() ? IngestWorker.Settings.defaultClientId() : clientId,
                    shareGroup, sessionExpiry, receiveMaximum, publishLimit, external.dbUrl, external.dbUser,
                    external.dbPassword, external.dbPoolSize,
                    topicPrefix, batching.settings(), statusInterval, validation.earliestDeviceTime,
                    eventWriter.settings(), idleResubscribe);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        IngestWorker worker = IngestWorker.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
