package com.vendhub.realtime.sim.fleet;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.StatusReport;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Builds a machine's retained {@code status} publishes: online after connect, offline as Last Will and on shutdown. */
final class StatusMessages {

    private final TopicScheme topics;
    private final WireJson json;
    private final MqttQos qos;

    StatusMessages(TopicScheme topics, WireJson json, MqttQos qos) {
        this.topics = topics;
        this.json = json;
        this.qos = qos;
    }

    Mqtt3Publish status(UUID machineId, MachineStatus status, Instant at) {
        return Mqtt3Publish.builder()
                .topic(topics.status(machineId))
                .qos(qos)
                .retain(true)
                .payload(json.encode(new StatusReport(status, at.truncatedTo(ChronoUnit.MILLIS))))
                .build();
    }
}
