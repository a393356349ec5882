package com.vendhub.realtime.bench.ingest;

import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.validation.TelemetryValidator;
import com.vendhub.realtime.schema.validation.ValidationLimits;
import com.vendhub.realtime.schema.validation.ValidationResult;
import com.vendhub.realtime.ingest.store.BatchSettings;
import com.vendhub.realtime.ingest.store.TelemetryBatchWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The batch writer alone (no MQTT, no broker): validated readings offered as fast as it takes them,
 * timed until all are committed. Between the ceiling (the database's own COPY) and the whole path,
 * it shows what the writer itself costs.
 */
final class WriterAlone {

    private WriterAlone() {
    }

    /** Readings per second committed by {@link TelemetryBatchWriter} with its default batch bounds. */
    static double measure(DataSource db, List<UUID> machines, int readings) throws Exception {
        TelemetryValidator validator = new TelemetryValidator(ValidationLimits.defaults(), Clock.systemUTC());
        Instant t0 = Instant.parse("2021-01-01T00:00:00Z");
        List<MachineTelemetry> parsed = new ArrayList<>(readings);
        for (int n = 0; n < readings; n++) {
            UUID m = machines.get(n % machines.size());
            ValidationResult<MachineTelemetry> r = validator.validateTelemetry(m, Payloads.telemetry(m, t0.plusMillis(n), n));
            parsed.add(((ValidationResult.Accepted<MachineTelemetry>) r).value());
        }
        BatchSettings settings = BatchSettings.defaults().withQueueCapacity(readings);
        TelemetryBatchWriter writer = new TelemetryBatchWriter(db, settings, new WireJson(), Clock.systemUTC(),
                new SimpleMeterRegistry());
        writer.start();
        try {
            long start = System.nanoTime();
            Instant now = Instant.now();
            for (MachineTelemetry t : parsed) {
                writer.offer(t, now);
            }
            while (writer.committedReadings() < readings) {
                Thread.sleep(1);
            }
            return readings / ((System.nanoTime() - start) / 1e9);
        } finally {
            writer.close(Duration.ofSeconds(30));
        }
    }
}
