package com.vendhub.realtime.broker.mqtt;

import com.vendhub.realtime.ingest.ack.CommitListener;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.CommitAck;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes commit acknowledgements on each machine's {@code ack} topic through the embedded
 * broker (docs/contract.md, "MQTT": {@code {"timestamps": [ISO-8601, ...]}}). Acks are not retained and
 * not queued for offline machines: a machine that misses one republishes the reading and is
 * acknowledged again.
 */
public final class AckPublisher implements CommitListener {

    /**
     * {@code vendhub_ingest_acks_published_total}: commit acknowledgements published on machines' ack topics, by
     * this publisher in {@code vendhub serve} and by {@code cluster.MqttAckPublisher}'s in {@code vendhub ingest};
     * the ingest drain reads it back for its shutdown line.
     */
    public static final String ACKS_PUBLISHED = "vendhub.ingest.acks.published";
    /** {@code vendhub_ingest_acks_dropped_total}: commit acknowledgements not published, emitted and read as above. */
    public static final String ACKS_DROPPED = "vendhub.ingest.acks.dropped";

    private final EmbeddedBroker broker;
    private final TopicScheme topics;
    private final WireJson json;
    private final Counter published;
    private final Counter dropped;

    public AckPublisher(EmbeddedBroker broker, TopicScheme topics, WireJson json, MeterRegistry metrics) {
        this.broker = broker;
        this.topics = topics;
        this.json = json;
        this.published = Counter.builder(ACKS_PUBLISHED)
                .description("Commit acknowledgements published on machines' ack topics").register(metrics);
        this.dropped = Counter.builder(ACKS_DROPPED)
                .description("Commit acknowledgements not published because the broker was not running")
                .register(metrics);
    }

    @Override
    public void committed(Map<UUID, List<Instant>> timestampsByMachine) {
        for (Map.Entry<UUID, List<Instant>> e : timestampsByMachine.entrySet()) {
            byte[] payload = json.encode(new CommitAck(e.getValue()));
            if (broker.publish(topics.ack(e.getKey()), payload)) {
                published.increment();
            } else {
                dropped.increment();
            }
        }
    }
}
