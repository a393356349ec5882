package com.vendhub.realtime.broker.cluster;

import java.net.URI;
import java.util.Locale;

/** An MQTT broker address: {@code tcp://host[:port]} or {@code mqtt://host[:port]} (default port 1883). */
public record MqttUrl(String host, int port) {

    public static MqttUrl parse(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an MQTT URL: " + url, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("mqtt") || uri.getHost() == null) {
            throw new IllegalArgumentException("expected tcp://host:port or mqtt://host:port, got " + url);
        }
        return new MqttUrl(uri.getHost(), uri.getPort() < 0 ? 1883 : uri.getPort());
    }
}
