package com.vendhub.realtime.ingest;

import com.vendhub.realtime.ingest.alerts.AlertSettings;
import com.vendhub.realtime.ingest.deadletter.DeadLetterWriter;
import com.vendhub.realtime.ingest.store.BatchSettings;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.schema.validation.ValidationLimits;
import java.time.Duration;

/**
 * Every setting of the ingest path (docs/configuration.md; docs/architecture.md, "Bounds").
 *
 * @param topicPrefix              MQTT topic prefix ({@code vendhub})
 * @param limits                   payload validation bounds
 * @param batch                    telemetry write batching and queue bounds
 * @param deadLetterMaxPayload     raw payload bytes kept per dead letter
 * @param logThrottleInterval      at most one rejection log line per device and reason in this interval
 * @param alerts                   low-level thresholds, hysteresis and the {@code emptyAt} forecast (docs/alerts-and-forecasts.md)
 * @param events                   the events writer's queues, the dead-letter budget, retention (docs/architecture.md, "The events writer: two lanes")
 */
public record IngestSettings(String topicPrefix, ValidationLimits limits, BatchSettings batch,
                             int deadLetterMaxPayload, Duration logThrottleInterval, AlertSettings alerts,
                             EventWriterSettings events) {

    /** With the default alert and events-writer settings. */
    public IngestSettings(String topicPrefix, ValidationLimits limits, BatchSettings batch, int deadLetterMaxPayload,
                          Duration logThrottleInterval) {
        this(topicPrefix, limits, batch, deadLetterMaxPayload, logThrottleInterval, AlertSettings.defaults(),
                EventWriterSettings.defaults());
    }

    /** A copy with these alert settings. */
    public IngestSettings withAlerts(AlertSettings settings) {
        return new IngestSettings(topicPrefix, limits, batch, deadLetterMaxPayload, logThrottleInterval, settings,
                events);
    }

    /** A copy with these events-writer settings. */
    public IngestSettings withEvents(EventWriterSettings settings) {
        return new IngestSettings(topicPrefix, limits, batch, deadLetterMaxPayload, logThrottleInterval, alerts,
                settings);
    }

    public static IngestSettings defaults() {
        return new IngestSettings(TopicScheme.DEFAULT_PREFIX, ValidationLimits.defaults(), BatchSettings.defaults(),
                DeadLetterWriter.DEFAULT_MAX_STORED_PAYLOAD_BYTES, Duration.ofSeconds(10));
    }
}
