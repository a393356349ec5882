package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.broker.mqtt.BrokerSettings;
import com.vendhub.realtime.schema.topics.TopicScheme;

/**
 * The embedded broker's plain MQTT listener (docs/contract.md, "MQTT"); it binds the HTTP server's host.
 *
 * @param port           MQTT port, 1883 by default; 0 picks a free one
 * @param maxPacketBytes largest MQTT packet accepted; a larger one closes the connection
 * @param topicPrefix    first level of every topic
 */
public record MqttListenerSettings(int port, int maxPacketBytes, String topicPrefix) {

    public static final int DEFAULT_PORT = 1883;

    public MqttListenerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("MQTT port out of range: " + port);
        }
        new TopicScheme(topicPrefix); // refuses a prefix the topic rules do not allow, before anything starts
    }

    public static MqttListenerSettings defaults() {
        return new MqttListenerSettings(DEFAULT_PORT, BrokerSettings.DEFAULT_MAX_PACKET_BYTES, TopicScheme.DEFAULT_PREFIX);
    }

    public MqttListenerSettings withPort(int value) {
        return new MqttListenerSettings(value, maxPacketBytes, topicPrefix);
    }
}
