package com.vendhub.realtime.broker.health;

import com.vendhub.realtime.fanout.health.HealthProbe;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The readiness components of {@code vendhub serve}: {@code broker} (the embedded MQTT broker accepts
 * connections), {@code database} ({@link DatabaseCheck}), {@code backlog} ({@link BacklogCheck}) and
 * {@code http} (the fan-out's port is bound) and {@code ingest} ({@link IngestStallCheck}: the batch writer
 * commits while readings wait). {@code GET /health/ready} answers 503 naming each one that is down.
 */
public final class ServeReadiness implements HealthProbe {

    private final BooleanSupplier broker;
    private final BooleanSupplier database;
    private final BooleanSupplier backlog;
    private final BooleanSupplier http;
    private final BooleanSupplier ingest;
    private volatile Liveness liveness;

    public ServeReadiness(BooleanSupplier broker, BooleanSupplier database, BooleanSupplier backlog,
            BooleanSupplier http, BooleanSupplier ingest) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.database = Objects.requireNonNull(database, "database");
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.http = Objects.requireNonNull(http, "http");
        this.ingest = Objects.requireNonNull(ingest, "ingest");
    }

    /** {@code GET /health/live} follows {@code value} from now on. */
    public void liveness(Liveness value) {
        this.liveness = value;
    }

    @Override
    public Map<String, Boolean> liveness() {
        Liveness l = liveness;
        return l == null ? Map.of() : l.components();
    }

    @Override
    public Map<String, Boolean> components() {
        return Map.of("broker", broker.getAsBoolean(), "database", database.getAsBoolean(),
                "backlog", backlog.getAsBoolean(), "http", http.getAsBoolean(), "ingest", ingest.getAsBoolean());
    }
}
