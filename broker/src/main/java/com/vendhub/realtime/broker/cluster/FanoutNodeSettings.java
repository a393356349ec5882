package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.broker.app.DurabilitySettings;
import com.vendhub.realtime.broker.app.JwtSettings;
import com.vendhub.realtime.broker.app.StorageSettings;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.history.HistorySettings;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@code vendhub fanout} node ({@link FanoutNode}) is configured with
 * (docs/operations.md, "Scale-out: vendhub fanout and the event stream").
 *
 * @param mqtt        the external broker whose event stream feeds the node, and the service credentials
 * @param database    the shared PostgreSQL (REST, history, room checks)
 * @param jwt         the tokens accepted; a node has no data directory, so the secret is required
 * @param topicPrefix first level of every topic
 * @param readiness   bounds of the database check of {@code /health/ready} (the backlog fraction is unused:
 *                    a fan-out node has no ingest backlog)
 * @param http        host, port and every bound of the HTTP + Socket.IO port
 * @param history     bounds of the telemetry history endpoint and its query timeout, as {@code vendhub serve} has them
 * @param shutdownTimeout bound of a graceful shutdown ({@code --shutdown-timeout}), at least 2 s
 */
public record FanoutNodeSettings(BrokerConnection mqtt, DatabaseSettings database, JwtSettings jwt,
        String topicPrefix, ReadinessSettings readiness, FanoutConfig http, HistorySettings history,
        Duration historyQueryTimeout, Duration shutdownTimeout) {

    public FanoutNodeSettings {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(history, "history");
        if (historyQueryTimeout.isNegative() || historyQueryTimeout.isZero()) {
            throw new IllegalArgumentException("the history query timeout must be positive");
        }
        ShutdownOrder.checkedBound(shutdownTimeout);
        if (database.isEmbedded()) {
            throw new IllegalArgumentException("a fan-out node needs the shared database's URL");
        }
        if (jwt.secret() == null || jwt.secret().isEmpty()) {
            throw new IllegalArgumentException("a fan-out node needs the JWT secret");
        }
    }

    /** Every default, against this broker and database, accepting these tokens. */
    public static FanoutNodeSettings defaults(BrokerConnection mqtt, DatabaseSettings database, JwtSettings jwt) {
        StorageSettings storage = StorageSettings.defaults();
        return new FanoutNodeSettings(mqtt, database, jwt, TopicScheme.DEFAULT_PREFIX, ReadinessSettings.defaults(),
                FanoutConfig.defaults(), storage.history(), storage.historyQueryTimeout(),
                DurabilitySettings.DEFAULT_SHUTDOWN_TIMEOUT);
    }

    public FanoutNodeSettings withReadiness(ReadinessSettings value) {
        return new FanoutNodeSettings(mqtt, database, jwt, topicPrefix, value, http, history, historyQueryTimeout,
                shutdownTimeout);
    }

    public FanoutNodeSettings withHttp(FanoutConfig value) {
        return new FanoutNodeSettings(mqtt, database, jwt, topicPrefix, readiness, value, history, historyQueryTimeout,
                shutdownTimeout);
    }
}
