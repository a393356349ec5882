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

    /** With the default alert, validation and events-writer settings. */
    public IngestTuning(SpoolSettings spool, BatchSettings batch) {
        this(spool, batch, AlertSettings.defaults());
    }

    /** With the default earliest device time and events-writer settings. */
    public IngestTuning(SpoolSettings spool, BatchSettings batch, AlertSettings alerts) {
        this(spool, batch, alerts, ValidationLimits.defaults().earliestDeviceTime(), EventWriterSettings.defaults());
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

    /** The spool in {@code dataDirectory/spool} and the default batch bounds. */
    public static IngestTuning defaults(Path dataDirectory) {
        return new IngestTuning(SpoolSettings.defaults(dataDirectory.resolve("spool")), BatchSettings.defaults());
    }
}
