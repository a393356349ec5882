package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.schema.config.MqttUrl;
import java.util.Objects;

/**
 * How a scale-out node reaches the external MQTT broker: its URL and the service credentials
 * ({@code svc:<name>} on {@code vendhub serve}; docs/security.md).
 *
 * @param url      the broker; its {@code user:password@}, if any, is used when the two below are null
 * @param username service user, or null
 * @param password service password, or null; never printed by {@link #toString()}
 */
public record BrokerConnection(MqttUrl url, String username, String password) {

    public BrokerConnection {
        Objects.requireNonNull(url, "url");
    }

    /** The URL alone, credentials from it or none. */
    public static BrokerConnection to(MqttUrl url) {
        return new BrokerConnection(url, null, null);
    }

    /** The broker, without the password. */
    @Override
    public String toString() {
        return url + (username == null ? "" : " as " + username);
    }
}
