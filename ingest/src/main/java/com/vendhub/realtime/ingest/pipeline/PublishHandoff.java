package com.vendhub.realtime.ingest.pipeline;

import com.vendhub.realtime.ingest.store.ReadingQueue;
import com.vendhub.realtime.ingest.store.TelemetryBatchWriter;
import com.vendhub.realtime.schema.text.LogThrottle;
import com.vendhub.realtime.schema.topics.MachineTopic;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the broker's hook and ingest. Moquette 0.17 acknowledges a QoS 1 PUBLISH before its
 * interceptors run, and runs them on one thread behind an unbounded queue: whatever waits there is
 * acknowledged and lost to a {@code kill -9}. So the hook only spools a telemetry payload's raw bytes
 * (one append; the spool syncs them within its interval) and queues the message here; the
 * {@code ingest} thread validates, dead-letters, updates latest state, alerts and live events, in
 * arrival order, connection events included. When this bounded queue is full, a spooled reading is
 * left to the batch writer, which reads it back from the spool and validates it there (it is stored,
 * but neither pushed live nor judged for alerts); anything else is dropped; both are counted.
 */
public final class PublishHandoff implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PublishHandoff.class);

    /** One message or connection event, in arrival order. */
    private record Job(Kind kind, String topic, String clientId, byte[] payload, Instant receivedAt, long spoolEnd) {
    }

    private enum Kind { PUBLISH, CONNECTED, DISCONNECTED, STOP }

    private final TelemetryIngestor ingestor;
    private final TelemetryBatchWriter writer;
    private final TopicScheme topics;
    private final int maxPayloadBytes;
    private final Clock clock;
    private final BlockingQueue<Job> jobs;
    private final Thread thread;
    private final Counter spooledOnly;
    private final Counter dropped;
    private final LogThrottle throttle = new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime);

    public PublishHandoff(TelemetryIngestor ingestor, TelemetryBatchWriter writer, TopicScheme topics,
                          int maxPayloadBytes, int capacity, Clock clock, MeterRegistry metrics) {
        if (capacity < 1) {
            throw new IllegalArgumentException("hand-off capacity must be positive");
        }
        this.ingestor = ingestor;
        this.writer = writer;
        this.topics = topics;
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
        this.jobs = new ArrayBlockingQueue<>(capacity);
        this.spooledOnly = Counter.builder("vendhub.ingest.handoff.full")
                .tag("outcome", "spooled_only")
                .description("Messages the ingest thread had no room for: readings left to the writer via the spool")
                .register(metrics);
        this.dropped = Counter.builder("vendhub.ingest.handoff.full")
                .tag("outcome", "dropped")
                .description("Messages the ingest thread had no room for: status reports and connection events dropped")
                .register(metrics);
        Gauge.builder("vendhub.ingest.handoff.depth", jobs, BlockingQueue::size).register(metrics);
        Gauge.builder("vendhub.ingest.handoff.capacity", () -> capacity).register(metrics);
        this.thread = new Thread(this::run, "ingest");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** A machine published {@code payload} on {@code topic}. Called on the broker's hook thread; never blocks or throws. */
    public void publish(String topic, String clientId, byte[] payload) {
        Instant receivedAt = clock.instant();
        long end = ReadingQueue.NOT_SPOOLED;
        Optional<MachineTopic> parsed = topics.parseMachineTopic(topic);
        if (parsed.isPresent() && parsed.get().kind() == MachineTopicKind.TELEMETRY && payload.length <= maxPayloadBytes) {
            end = writer.reserve(parsed.get().machineId(), receivedAt, payload);
        }
        if (jobs.offer(new Job(Kind.PUBLISH, topic, clientId, payload, receivedAt, end))) {
            return;
        }
        if (end >= 0) {
            writer.abandonReserved(end);
            spooledOnly.increment();
        } else {
            dropped.increment();
        }
        long suppressed = throttle.admit("full");
        if (suppressed >= 0) {
            LOG.warn("ingest hand-off full ({} messages waiting; {} more since the last line): readings go through "
                    + "the spool only, other messages are dropped", jobs.size(), suppressed);
        }
    }

    /** A client's MQTT connection opened; queued behind its earlier messages. */
    public void connected(String clientId) {
        event(Kind.CONNECTED, clientId);
    }

    /** A client's MQTT connection closed or was lost; queued behind its earlier messages. */
    public void disconnected(String clientId) {
        event(Kind.DISCONNECTED, clientId);
    }

    private void event(Kind kind, String clientId) {
        if (!jobs.offer(new Job(kind, null, clientId, null, null, ReadingQueue.NOT_SPOOLED))) {
            dropped.increment();
        }
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            switch (job.kind()) {
                case STOP -> {
                    return;
                }
                case PUBLISH -> ingestor.onPublish(job.topic(), job.clientId(), job.payload(), job.receivedAt(),
                        job.spoolEnd());
                case CONNECTED -> ingestor.onConnected(job.clientId());
                case DISCONNECTED -> ingestor.onDisconnected(job.clientId());
            }
        }
    }

    /** Handles what is queued (up to {@code timeout}), then stops the thread. */
    public void close(Duration timeout) {
        try {
            if (jobs.offer(new Job(Kind.STOP, null, null, null, null, ReadingQueue.NOT_SPOOLED),
                    timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.join(timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("ingest thread still had {} messages at shutdown; spooled readings are replayed at start",
                    jobs.size());
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
