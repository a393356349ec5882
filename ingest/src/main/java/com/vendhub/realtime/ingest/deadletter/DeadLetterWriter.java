package com.vendhub.realtime.ingest.deadletter;

import com.vendhub.realtime.schema.text.LogThrottle;
import com.vendhub.realtime.schema.text.StoredText;
import com.vendhub.realtime.ingest.store.SerialWriter;
import com.vendhub.realtime.schema.validation.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records rejected messages: a metric per reason, a throttled log line, and a dead-letter row, within
 * each client's budget per minute ({@link DeadLetterBudget}), on the events writer's bulk queue so that
 * dead letters never take the place of a status change or an alert (docs/security.md, "Dead letters
 * cannot crowd out what matters").
 */
public final class DeadLetterWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);

    /** Default cap on the stored raw payload; {@code payload_size} keeps the original length. */
    public static final int DEFAULT_MAX_STORED_PAYLOAD_BYTES = 16 * 1024;

    private final SerialWriter writer;
    private final int maxStoredPayloadBytes;
    private final LogThrottle throttle;
    private final DeadLetterBudget budget;
    private final int budgetPerMinute;
    private final Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);
    private final Counter overBudget;

    /**
     * @param budgetPerMinute dead-letter rows stored per client and minute; the rest are counted only
     * @param nanoTime        the clock of the budget's one-minute windows
     */
    public DeadLetterWriter(SerialWriter writer, int maxStoredPayloadBytes, int budgetPerMinute, LogThrottle throttle,
                            LongSupplier nanoTime, MeterRegistry metrics) {
        this.writer = writer;
        this.maxStoredPayloadBytes = maxStoredPayloadBytes;
        this.throttle = throttle;
        this.budgetPerMinute = budgetPerMinute;
        this.budget = new DeadLetterBudget(budgetPerMinute, nanoTime);
        for (RejectReason reason : RejectReason.values()) {
            counters.put(reason, Counter.builder("vendhub.ingest.rejected").tag("reason", reason.code())
                    .description("Messages not stored as telemetry, by reason").register(metrics));
        }
        this.overBudget = Counter.builder("vendhub.ingest.deadletters.over.budget")
                .description("Rejected messages counted but not stored: their client's dead-letter budget for the "
                        + "minute was spent").register(metrics);
    }

    public void reject(String topic, String clientId, RejectReason reason, String detail, byte[] payload,
                       Instant receivedAt) {
        counters.get(reason).increment();
        // Device text (topic, client id, the parser's message quoting the payload) is escaped for the log line
        // and the text columns alike: PostgreSQL cannot store a NUL in text, and refuses the whole row.
        String safeTopic = StoredText.escape(topic);
        String safeClient = StoredText.escape(clientId);
        String safeDetail = detail == null ? "" : StoredText.escape(detail);
        long suppressed = throttle.admit(reason.code() + "|" + clientId);
        if (suppressed >= 0) {
            LOG.warn("rejected message from {} on {}: {} ({}){}", safeClient, safeTopic, reason.code(), safeDetail,
                    suppressed > 0 ? " [" + suppressed + " more like it not logged]" : "");
        }
        switch (budget.admit(clientId)) {
            case STORE -> { }
            case FIRST_OVER -> {
                overBudget.increment();
                LOG.warn("{} spent its budget of {} stored dead letters this minute; the rest of the minute is only "
                        + "counted (vendhub_ingest_deadletters_over_budget_total)", safeClient, budgetPerMinute);
                return;
            }
            case OVER -> {
                overBudget.increment();
                return;
            }
        }
        byte[] stored = payload.length <= maxStoredPayloadBytes ? payload : Arrays.copyOf(payload, maxStoredPayloadBytes);
        int size = payload.length;
        boolean queued = writer.submit(SerialWriter.Lane.BULK, "dead letter from " + safeClient, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters "
                    + "(received_at, topic, client_id, reason, detail, payload_size, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setTimestamp(1, Timestamp.from(receivedAt));
                ps.setString(2, safeTopic);
                ps.setString(3, safeClient);
                ps.setString(4, reason.code());
                ps.setString(5, safeDetail);
                ps.setInt(6, size);
                ps.setBytes(7, stored);
                ps.executeUpdate();
            }
        });
        if (!queued) {
            long full = throttle.admit("dead-letter-queue-full");
            if (full >= 0) {
                LOG.warn("dead letters not stored, only counted: the dead-letter queue is full "
                        + "(--dead-letter-queue-capacity; {} more since the last line)", full);
            }
        }
    }

    /** Messages rejected since start, all reasons together. */
    public long rejectedCount() {
        return (long) counters.values().stream().mapToDouble(Counter::count).sum();
    }
}
