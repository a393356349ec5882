package com.vendhub.realtime.broker.mqtt;

/**
 * Settings of the embedded broker (docs/configuration.md; docs/architecture.md, "Bounds").
 *
 * @param host            address to bind
 * @param port            MQTT over TCP; 0 picks a free port
 * @param maxPacketBytes  largest MQTT packet accepted; larger ones close the connection (Moquette's
 *                        decoder). Set well above the 64 KiB payload limit so that an oversized
 *                        payload reaches ingest and is dead-lettered while the device stays connected
 * @param sessionQueueSize messages queued per session loop in Moquette
 * @param topicPrefix     the MQTT topic prefix
 */
public record BrokerSettings(String host, int port, int maxPacketBytes, int sessionQueueSize, String topicPrefix) {

    public static final int DEFAULT_MAX_PACKET_BYTES = 256 * 1024;

    public BrokerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("MQTT port out of range: " + port);
        }
        if (maxPacketBytes < 1024) {
            throw new IllegalArgumentException("max packet size too small: " + maxPacketBytes);
        }
    }
}
