package com.vendhub.realtime.ingest;

import com.vendhub.realtime.ingest.alerts.AlertSettings;
import com.vendhub.realtime.ingest.deadletter.DeadLetterWriter;
import com.vendhub.realtime.ingest.store.BatchSettings;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.schema.validation.ValidationLimits;
import java.time.Duration;

/**
 * Every setting of the ingest path (README, "Configuration" and "Bounds").
 *
 * @param topicPrefix              MQTT topic prefix ({@code vendhub})
 * @param limits                   payload validation bounds
 * @param batch                    telemetry write batching and queue bounds
 * @param serialQueueCapacity      queued dead letters and status changes
 * @param deadLetterMaxPayload     raw payload bytes kept per dead letter
 * @param logThrottleInterval      at most one rejection log line per device and reason in this interval
 * @param alerts                   low-level thresholds, hysteresis and the {@code emptyAt} forecast (issue 6)
 */
public record IngestSettings(String topicPrefix, ValidationLimits limits, BatchSettings batch,
                             int serialQueueCapacity, int deadLetterMaxPayload, Duration logThrottleInterval,
                             AlertSettings alerts) {

    /** As before alerts had settings: the default ones. */
    public IngestSettings(String topicPrefix, ValidationLimits limits, BatchSettings batch, int serialQueueCapacity,
                          int deadLetterMaxPayload, Duration logThrottleInterval) {
        this(topicPrefix, limits, batch, serialQueueCapacity, deadLetterMaxPayload, logThrottleInterval,
                AlertSettings.defaults());
    }

    /** A copy with these alert settings. */
    public IngestSettings withAlerts(AlertSettings settings) {
        return new IngestSettings(topicPrefix, limits, batch, serialQueueCapacity, deadLetterMaxPayload,
                logThrottleInterval, settings);
    }

    public static IngestSettings defaults() {
        return new IngestSettings(TopicScheme.DEFAULT_PREFIX, ValidationLimits.defaults(), BatchSettings.defaults(),
                10_000, DeadLetterWriter.DEFAULT_MAX_STORED_PAYLOAD_BYTES, Duration.ofSeconds(10));
    }
}
