package com.vendhub.realtime.schema.metrics;

/**
 * Micrometer names of the metric families that two modules emit (Prometheus shows them with
 * {@code _} and {@code _total}; docs/operations.md, "Metrics"). A name only one module emits is a
 * constant of the class that emits it, and other modules that read it import it from there.
 */
public final class SharedMetricNames {

    /** {@code vendhub_events_received_total{source}}: backend events accepted, over REST (fan-out) or MQTT (broker). */
    public static final String EVENTS_RECEIVED = "vendhub.events.received";
    /** {@code vendhub_events_rejected_total{source,reason}}: backend events refused, over REST or MQTT. */
    public static final String EVENTS_REJECTED = "vendhub.events.rejected";
    /** {@code vendhub_ingest_ack_errors_total}: commit acknowledgements not sent (ingest's notifier, the cluster worker's publisher). */
    public static final String INGEST_ACK_ERRORS = "vendhub.ingest.ack.errors";
    /** {@code vendhub_ingest_queue_full_total}: readings a full queue in front of the batch writer refused (ingest's queues, the cluster worker's). */
    public static final String INGEST_QUEUE_FULL = "vendhub.ingest.queue.full";

    private SharedMetricNames() {
    }
}
