package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.ingest.ack.CommitListener;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.CommitAck;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The cluster worker's commit acknowledgements: after a batch commits, one QoS 1, non-retained
 * {@code {"timestamps": [...]}} per machine on {@code {prefix}/machines/{id}/ack} (docs/contract.md, "MQTT"
 * table), published through the worker's own connection to the external broker. Runs on the
 * writer thread and never waits: past the publish limit an ack is dropped and counted (the device
 * publishes the reading again and is acknowledged then), as the embedded path's
 * {@code AckPublisher} does.
 */
final class MqttAckPublisher implements CommitListener {

    private final BoundedPublisher publisher;
    private final TopicScheme topics;
    private final WireJson json;

    MqttAckPublisher(BoundedPublisher publisher, TopicScheme topics, WireJson json) {
        this.publisher = publisher;
        this.topics = topics;
        this.json = json;
    }

    @Override
    public void committed(Map<UUID, List<Instant>> timestampsByMachine) {
        for (Map.Entry<UUID, List<Instant>> e : timestampsByMachine.entrySet()) {
            publisher.publish(topics.ack(e.getKey()), json.encode(new CommitAck(e.getValue())));
        }
    }
}
