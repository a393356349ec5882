package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.ingest.EventWriterSettings;
import com.vendhub.realtime.ingest.alerts.AlertSettings;
import com.vendhub.realtime.ingest.spool.SpoolSettings;
import com.vendhub.realtime.ingest.store.BatchSettings;
import com.vendhub.realtime.schema.validation.ValidationLimits;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The ingest path's bounds as {@code vendhub serve} sets them (docs/architecture.md, "Bounds").
 *
 * @param spool the crash-safe spool, or null to keep readings in memory only (a {@code kill -9} or a
 *              long database outage then loses what is queued)
 * @param batch write queue and batch bounds
 * @param alerts low-level thresholds, hysteresis and the emptyAt forecast
 * @param earliestDeviceTime no time of a reading may be before it ({@code --earliest-device-time})
 * @param events the events writer's queues, the dead-letter budget and retention
 */
public record IngestTuning(SpoolSettings spool, BatchSettings batch, AlertSettings alerts, Instant earliestDeviceTime,
                           EventWriterSettings events) {

    /** The spool in {@code dataDirectory/spool} and every other bound at its default. */
    public static IngestTuning defaults(Path dataDirectory) {
        return new IngestTuning(SpoolSettings.defaults(dataDirectory.resolve("spool")), BatchSettings.defaults(),
                AlertSettings.defaults(), ValidationLimits.defaults().earliestDeviceTime(),
                EventWriterSettings.defaults());
    }

    /** A copy with this spool, or none (null). */
    public IngestTuning withSpool(SpoolSettings settings) {
        return new IngestTuning(settings, batch, alerts, earliestDeviceTime, events);
    }

    /** A copy with these batch bounds. */
    public IngestTuning withBatch(BatchSettings settings) {
        return new IngestTuning(spool, settings, alerts, earliestDeviceTime, events);
    }

    /** A copy with these alert settings. */
    public IngestTuning withAlerts(AlertSettings settings) {
        return new IngestTuning(spool, batch, settings, earliestDeviceTime, events);
    }

    /** A copy with this earliest device time. */
    public IngestTuning withEarliestDeviceTime(Instant earliest) {
        return new IngestTuning(spool, batch, alerts, earliest, events);
    }

    /** A copy with these events-writer settings. */
    public IngestTuning withEvents(EventWriterSettings settings) {
        return new IngestTuning(spool, batch, alerts, earliestDeviceTime, settings);
    }
}
