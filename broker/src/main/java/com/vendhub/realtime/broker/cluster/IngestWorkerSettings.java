package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.broker.app.DurabilitySettings;
import com.vendhub.realtime.broker.assembly.MonitoringSettings;
import com.vendhub.realtime.broker.assembly.StatusLine;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.ingest.EventWriterSettings;
import com.vendhub.realtime.ingest.alerts.AlertSettings;
import com.vendhub.realtime.ingest.store.BatchSettings;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.schema.validation.ValidationLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a {@code vendhub ingest} worker ({@link IngestWorker}) is configured with
 * (docs/operations.md, "Scale-out: vendhub ingest").
 *
 * @param mqtt           the external broker and the service credentials
 * @param database       the shared PostgreSQL
 * @param clientId       MQTT client id; stable per worker, so that a restarted worker resumes its session
 * @param shareGroup     the {@code $share/{group}/...} name shared by all workers
 * @param sessionExpiry  MQTT 5 session expiry interval
 * @param receiveMaximum MQTT 5 Receive Maximum: unacknowledged messages in flight to this worker
 * @param publishLimit   acks (and, separately, events) waiting for the broker before more are dropped
 * @param idleResubscribe a worker that got no message for this long, with none unacknowledged, sends its
 *                       SUBSCRIBE again; zero: never. HiveMQ CE offers a share group's queued messages to
 *                       an idle member only when that queue turns from empty to non-empty, counting the
 *                       messages in flight (its {@code ClientQueuePersistenceImpl#add}), and polls for a
 *                       member when it subscribes ({@code invalidateSharedSubscriptionCacheAndPoll}). With
 *                       acknowledgements after commit the queue stays non-empty while devices publish, so a
 *                       worker that joins a busy group got nothing at all; the SUBSCRIBE lets it in. MQTT 5
 *                       (3.8.4) makes a repeated SUBSCRIBE replace the subscription, nothing else.
 * @param topicPrefix    first level of every topic
 * @param batch          write batching; its queue capacity must hold at least {@code receiveMaximum}
 * @param statusInterval period of the one-line summary; zero: none
 * @param earliestDeviceTime no time of a reading may be before it ({@code --earliest-device-time})
 * @param events         the events writer's queues, dead-letter budget and retention
 * @param alerts         low-level alerts and the {@code emptyAt} forecast, as {@code vendhub serve} has them
 * @param shutdownTimeout bound of a graceful shutdown ({@code --shutdown-timeout}), at least 2 s
 * @param monitoring     where {@code /metrics} and {@code /health/*} are answered, and the database check
 */
public record IngestWorkerSettings(BrokerConnection mqtt, DatabaseSettings database, String clientId,
        String shareGroup, Duration sessionExpiry, int receiveMaximum, int publishLimit, Duration idleResubscribe,
        String topicPrefix, BatchSettings batch, Duration statusInterval, Instant earliestDeviceTime,
        EventWriterSettings events, AlertSettings alerts, Duration shutdownTimeout, MonitoringSettings monitoring) {

    /** Default share group: every worker of one deployment uses the same one. */
    public static final String DEFAULT_SHARE_GROUP = "vendhub-ingest";
    /** How long the broker keeps a worker's session (and the messages routed to it) while it is away. */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(24);
    /** Messages the broker may send this worker without its acknowledgement (MQTT 5 Receive Maximum). */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 2_000;
    /** Commit acknowledgements, and separately live events, waiting for the broker at once. */
    public static final int DEFAULT_PUBLISH_LIMIT = 10_000;
    /** How long a worker goes without a message before it sends its SUBSCRIBE again (see above). */
    public static final Duration DEFAULT_IDLE_RESUBSCRIBE = Duration.ofSeconds(1);

    public IngestWorkerSettings {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(monitoring, "monitoring");
        if (database.isEmbedded()) {
            throw new IllegalArgumentException("an ingest worker needs the shared database's URL");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("the MQTT client id must not be empty");
        }
        if (shareGroup == null || shareGroup.isEmpty() || shareGroup.matches(".*[/+#].*")) {
            throw new IllegalArgumentException("share group must be non-empty without '/', '+' or '#': " + shareGroup);
        }
        if (sessionExpiry.isNegative() || sessionExpiry.getSeconds() > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("session expiry must be between 0 and 4294967294 seconds");
        }
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receive maximum must be between 1 and 65535");
        }
        // Every unacknowledged message is at most one queued reading: a queue that holds the receive
        // maximum never refuses a QoS 1 reading (a refused one would hold back every later PUBACK).
        if (batch.queueCapacity() < receiveMaximum) {
            throw new IllegalArgumentException("the ingest queue capacity (" + batch.queueCapacity()
                    + ") must be at least the receive maximum (" + receiveMaximum + ")");
        }
        Objects.requireNonNull(alerts, "alerts");
        ShutdownOrder.checkedBound(shutdownTimeout);
        if (idleResubscribe.isNegative()) {
            throw new IllegalArgumentException("the idle re-subscribe interval must not be negative");
        }
    }

    /** Every default, against this broker and database, as {@link #defaultClientId()}. */
    public static IngestWorkerSettings defaults(BrokerConnection mqtt, DatabaseSettings database) {
        return new IngestWorkerSettings(mqtt, database, defaultClientId(), DEFAULT_SHARE_GROUP, DEFAULT_SESSION_EXPIRY,
                DEFAULT_RECEIVE_MAXIMUM, DEFAULT_PUBLISH_LIMIT, DEFAULT_IDLE_RESUBSCRIBE, TopicScheme.DEFAULT_PREFIX,
                BatchSettings.defaults(), StatusLine.DEFAULT_INTERVAL, ValidationLimits.defaults().earliestDeviceTime(),
                EventWriterSettings.defaults(), AlertSettings.defaults(), DurabilitySettings.DEFAULT_SHUTDOWN_TIMEOUT,
                MonitoringSettings.defaults());
    }

    /** {@code vendhub-ingest-<host name>}: stable across restarts of one host or pod. */
    public static String defaultClientId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "worker");
        }
        return "vendhub-ingest-" + host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    }

    public IngestWorkerSettings withClientId(String value) {
        return new IngestWorkerSettings(mqtt, database, value, shareGroup, sessionExpiry, receiveMaximum,
                publishLimit, idleResubscribe, topicPrefix, batch, statusInterval, earliestDeviceTime, events, alerts,
                shutdownTimeout, monitoring);
    }

    public IngestWorkerSettings withSessionExpiry(Duration value) {
        return new IngestWorkerSettings(mqtt, database, clientId, shareGroup, value, receiveMaximum,
                publishLimit, idleResubscribe, topicPrefix, batch, statusInterval, earliestDeviceTime, events, alerts,
                shutdownTimeout, monitoring);
    }

    /** A copy with this receive maximum and batching whose queue holds it: each bounds the other, so both change. */
    public IngestWorkerSettings withReceiveMaximum(int value, BatchSettings queueThatHoldsIt) {
        return new IngestWorkerSettings(mqtt, database, clientId, shareGroup, sessionExpiry, value,
                publishLimit, idleResubscribe, topicPrefix, queueThatHoldsIt, statusInterval, earliestDeviceTime,
                events, alerts, shutdownTimeout, monitoring);
    }

    public IngestWorkerSettings withBatch(BatchSettings value) {
        return new IngestWorkerSettings(mqtt, database, clientId, shareGroup, sessionExpiry, receiveMaximum,
                publishLimit, idleResubscribe, topicPrefix, value, statusInterval, earliestDeviceTime, events, alerts,
                shutdownTimeout, monitoring);
    }

    public IngestWorkerSettings withStatusInterval(Duration value) {
        return new IngestWorkerSettings(mqtt, database, clientId, shareGroup, sessionExpiry, receiveMaximum,
                publishLimit, idleResubscribe, topicPrefix, batch, value, earliestDeviceTime, events, alerts,
                shutdownTimeout, monitoring);
    }

    public IngestWorkerSettings withMonitoring(MonitoringSettings value) {
        return new IngestWorkerSettings(mqtt, database, clientId, shareGroup, sessionExpiry, receiveMaximum,
                publishLimit, idleResubscribe, topicPrefix, batch, statusInterval, earliestDeviceTime, events, alerts,
                shutdownTimeout, value);
    }
}
