package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.broker.db.EmbeddedDurability;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code vendhub serve} keeps what it acknowledged (docs/architecture.md, "Durability model").
 *
 * @param embeddedDatabase how the embedded PostgreSQL writes to disk (unused with {@code --db-url})
 * @param shutdownTimeout  bound of a graceful shutdown: stop taking messages, write and acknowledge
 *                         what was taken, stop the broker and then the database
 */
public record DurabilitySettings(EmbeddedDurability embeddedDatabase, Duration shutdownTimeout) {

    /** The default {@code --shutdown-timeout}. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = ShutdownOrder.DEFAULT_BOUND;

    public DurabilitySettings {
        Objects.requireNonNull(embeddedDatabase, "embeddedDatabase");
        ShutdownOrder.checkedBound(shutdownTimeout);
    }

    /** A durable embedded database and a 20 s shutdown. */
    public static DurabilitySettings defaults() {
        return new DurabilitySettings(EmbeddedDurability.FULL, DEFAULT_SHUTDOWN_TIMEOUT);
    }

    public DurabilitySettings withEmbeddedDatabase(EmbeddedDurability durability) {
        return new DurabilitySettings(durability, shutdownTimeout);
    }
}
