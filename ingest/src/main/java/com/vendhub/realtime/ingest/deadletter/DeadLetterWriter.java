package com.vendhub.realtime.ingest.deadletter;

import com.vendhub.realtime.ingest.pipeline.LogThrottle;
import com.vendhub.realtime.ingest.store.SerialWriter;
import com.vendhub.realtime.schema.text.LogText;
import com.vendhub.realtime.schema.validation.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records rejected messages: a metric per reason, a throttled log line, and a dead-letter row. */
public final class DeadLetterWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);

    /** Default cap on the stored raw payload; {@code payload_size} keeps the original length. */
    public static final int DEFAULT_MAX_STORED_PAYLOAD_BYTES = 16 * 1024;

    private final SerialWriter writer;
    private final int maxStoredPayloadBytes;
    private final LogThrottle throttle;
    private final Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);

    public DeadLetterWriter(SerialWriter writer, int maxStoredPayloadBytes, LogThrottle throttle,
                            MeterRegistry metrics) {
        this.writer = writer;
        this.maxStoredPayloadBytes = maxStoredPayloadBytes;
        this.throttle = throttle;
        for (RejectReason reason : RejectReason.values()) {
            counters.put(reason, Counter.builder("vendhub.ingest.rejected").tag("reason", reason.code())
                    .description("Messages not stored as telemetry, by reason").register(metrics));
        }
    }

    public void reject(String topic, String clientId, RejectReason reason, String detail, byte[] payload,
                       Instant receivedAt) {
        counters.get(reason).increment();
        long suppressed = throttle.admit(reason.code() + "|" + clientId);
        if (suppressed >= 0) {
            LOG.warn("rejected message from {} on {}: {} ({}){}", LogText.escape(clientId), LogText.escape(topic),
                    reason.code(), LogText.escape(detail),
                    suppressed > 0 ? " [" + suppressed + " more like it not logged]" : "");
        }
        byte[] stored = payload.length <= maxStoredPayloadBytes ? payload : Arrays.copyOf(payload, maxStoredPayloadBytes);
        int size = payload.length;
        writer.submit("dead letter from " + LogText.escape(clientId), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters "
                    + "(received_at, topic, client_id, reason, detail, payload_size, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setTimestamp(1, Timestamp.from(receivedAt));
                ps.setString(2, topic);
                ps.setString(3, clientId);
                ps.setString(4, reason.code());
                ps.setString(5, detail);
                ps.setInt(6, size);
                ps.setBytes(7, stored);
                ps.executeUpdate();
            }
        });
    }

    /** Messages rejected since start, all reasons together. */
    public long rejectedCount() {
        return (long) counters.values().stream().mapToDouble(Counter::count).sum();
    }
}
