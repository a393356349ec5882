package com.vendhub.realtime.broker.testing;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Contract-shaped telemetry payloads, and publishing them as a device does. */
public final class Readings {

    private static final TopicScheme TOPICS = TopicScheme.defaults();

    private Readings() {
    }

    /** Publishes {@code payload} on the machine's telemetry topic at QoS 1; returns once PUBACKed. */
    public static void publish(Mqtt3BlockingClient device, UUID machineId, byte[] payload) {
        device.publishWith().topic(TOPICS.telemetry(machineId)).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    public static byte[] telemetry(UUID machineId, Instant timestamp, double temperature, double sugarGrams) {
        return """
            {"machineId":"%s","timestamp":"%s","status":"online","temperature":%s,"humidity":44.5,
             "bunkers":[
               {"bunkerId":"0f0e0d0c-0b0a-4908-8706-050403020100","ingredientId":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
                "ingredientName":"Sugar","currentLevel":%s,"maxLevel":2000,"percentage":50,"lowLevelAlert":false},
               {"bunkerId":"0f0e0d0c-0b0a-4908-8706-050403020101","ingredientId":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8e",
                "ingredientName":"Coffee beans","currentLevel":900,"maxLevel":1000,"percentage":90,"lowLevelAlert":false}],
             "errors":[],"lastSale":"%s","uptime":3600}
            """.formatted(machineId, timestamp, temperature, sugarGrams, timestamp)
                .getBytes(StandardCharsets.UTF_8);
    }
}
