package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.broker.app.JwtSettings;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.schema.topics.TopicScheme;
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
 */
public record FanoutNodeSettings(BrokerConnection mqtt, DatabaseSettings database, JwtSettings jwt,
        String topicPrefix, ReadinessSettings readiness, FanoutConfig http) {

    public FanoutNodeSettings {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(http, "http");
        if (database.isEmbedded()) {
            throw new IllegalArgumentException("a fan-out node needs the shared database's URL");
        }
        if (jwt.secret() == null || jwt.secret().isEmpty()) {
            throw new IllegalArgumentException("a fan-out node needs the JWT secret");
        }
    }

    /** Every default, against this broker and database, accepting these tokens. */
    public static FanoutNodeSettings defaults(BrokerConnection mqtt, DatabaseSettings database, JwtSettings jwt) {
        return new FanoutNodeSettings(mqtt, database, jwt, TopicScheme.DEFAULT_PREFIX, ReadinessSettings.defaults(),
                FanoutConfig.defaults());
    }

    public FanoutNodeSettings withReadiness(ReadinessSettings value) {
        return new FanoutNodeSettings(mqtt, database, jwt, topicPrefix, value, http);
    }

    public FanoutNodeSettings withHttp(FanoutConfig value) {
        return new FanoutNodeSettings(mqtt, database, jwt, topicPrefix, readiness, value);
    }
}
