package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.cluster.IngestWorker;
import com.vendhub.realtime.broker.cluster.IngestWorkerSettings;
import com.vendhub.realtime.schema.config.TopicPrefixOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vendhub ingest --mqtt-url URL --db-url URL}: a scale-out ingest worker. */
@Command(name = "ingest", mixinStandardHelpOptions = true, modelTransformer = ScaleOutRequirements.class,
        footer = {"",
            "Examples:",
            "  vendhub ingest --mqtt-url tcp://svc-ingest:secret@broker:1883 \\",
            "      --db-url jdbc:postgresql://db/vendhub --mqtt-client-id ingest-1",
            "  vendhub ingest --mqtt-url tcp://svc-ingest:secret@broker:1883 \\",
            "      --db-url jdbc:postgresql://db/vendhub --mqtt-client-id ingest-2 \\",
            "      --http-port 9102",
            "",
            Vendhub.EXIT_CODES},
        description = "Run an ingest worker on an external MQTT 5 broker (EMQX, HiveMQ, Mosquitto 2): a persistent "
                + "session with shared subscriptions to every machine's telemetry and status, acknowledging each "
                + "message only after its reading is committed. Run several with the same share group.")
final class IngestCommand implements Callable<Integer> {

    @Mixin
    ExternalBrokerOptions external;

    @Mixin
    DatabaseOptions db = DatabaseOptions.forNode();

    @Option(names = "--mqtt-client-id",
            description = "MQTT client id, distinct per worker and the same across its restarts, so that a restarted "
                    + "worker resumes its session; vendhub-ingest-<host name> when not given.")
    String clientId;

    @Option(names = "--mqtt-share-group",
            description = "Shared subscription group, $share/<group>/...; the same for every worker.")
    String shareGroup = IngestWorkerSettings.DEFAULT_SHARE_GROUP;

    @Option(names = "--mqtt-session-expiry",
            description = "How long the broker keeps this worker's session and its messages while the worker is away.")
    Duration sessionExpiry = IngestWorkerSettings.DEFAULT_SESSION_EXPIRY;

    @Option(names = "--mqtt-receive-maximum",
            description = "Messages the broker may send before this worker acknowledges (they are acknowledged "
                    + "after commit).")
    int receiveMaximum = IngestWorkerSettings.DEFAULT_RECEIVE_MAXIMUM;

    @Option(names = "--mqtt-publish-limit",
            description = "Commit acknowledgements, and separately live events, waiting for the broker before more "
                    + "are dropped and counted.")
    int publishLimit = IngestWorkerSettings.DEFAULT_PUBLISH_LIMIT;

    @Option(names = "--mqtt-idle-resubscribe",
            description = "After this long without a message (and none unacknowledged) the worker sends its SUBSCRIBE "
                    + "again, so that a broker that offers queued shared messages only to busy members (HiveMQ CE) "
                    + "lets it in; PT0S for never.")
    Duration idleResubscribe = IngestWorkerSettings.DEFAULT_IDLE_RESUBSCRIBE;

    @Mixin
    TopicPrefixOptions topic;

    @Mixin
    StatusLineOptions status;

    @Mixin
    BatchOptions batching;

    @Mixin
    ValidationOptions validation;

    @Mixin
    EventWriterOptions eventWriter;

    @Mixin
    MonitoringOptions monitoring;

    @Mixin
    AlertOptions alerts;

    @Mixin
    ShutdownOptions shutdown;

    @Spec
    CommandSpec spec;

    /** The settings these options make; a missing or unfitting value is a usage error. */
    IngestWorkerSettings settings() {
        try {
            return new IngestWorkerSettings(external.connection(spec.commandLine()), db.settings(),
                    clientId == null || clientId.isBlank() ? IngestWorkerSettings.defaultClientId() : clientId,
                    shareGroup, sessionExpiry, receiveMaximum, publishLimit, idleResubscribe, topic.prefix(),
                    batching.settings(), status.interval, validation.earliestDeviceTime, eventWriter.settings(),
                    alerts.settings(), shutdown.timeout, monitoring.settings());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        IngestWorker worker = IngestWorker.start(settings());
        return UntilShutdown.await(worker::close);
    }
}
