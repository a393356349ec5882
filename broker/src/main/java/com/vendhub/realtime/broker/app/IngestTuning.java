package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.ingest.EventWriterSettings;
import com.vendhub.realtime.ingest.alerts.AlertSettings;
import com.vendhub.realtime.ingest.spool.SpoolSettings;
import com.vendhub.realtime.ingest.store.BatchSettings;
import java.nio.file.Path;

/**
 * The ingest path's bounds as {@code vendhub serve} sets them (README, "Bounds").
 *
 * @param spool the crash-safe spool, or null to keep readings in memory only (a {@code kill -9} or a
 *              long database outage then loses what is queued)
 * @param batch write queue and batch bounds
 * @param alerts low-level thresholds, hysteresis and the emptyAt forecast
 * @param events the events writer's queues, the dead-letter budget and retention
 */
public record IngestTuning(SpoolSettings spool, BatchSettings batch, AlertSettings alerts,
                           EventWriterSettings events) {

    /** With the default alert and events-writer settings. */
    public IngestTuning(SpoolSettings spool, BatchSettings batch) {
        this(spool, batch, AlertSettings.defaults(), EventWriterSettings.defaults());
    }

    /** With the default events-writer settings. */
    public IngestTuning(SpoolSettings spool, BatchSettings batch, AlertSettings alerts) {
        this(spool, batch, alerts, EventWriterSettings.defaults());
    }

    /** A copy with these alert settings. */
    public IngestTuning withAlerts(AlertSettings settings) {
        return new IngestTuning(spool, batch, settings, events);
    }

    /** A copy with these events-writer settings. */
    public IngestTuning withEvents(EventWriterSettings settings) {
        return new IngestTuning(spool, batch, alerts, settings);
    }

    /** The spool in {@code dataDirectory/spool} and the default batch bounds. */
    public static IngestTuning defaults(Path dataDirectory) {
        return new IngestTuning(SpoolSettings.defaults(dataDirectory.resolve("spool")), BatchSettings.defaults());
    }
}
