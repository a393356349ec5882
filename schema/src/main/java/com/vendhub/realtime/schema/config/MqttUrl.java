package com.vendhub.realtime.schema.config;

import java.net.URI;
import java.util.Locale;

/**
 * An MQTT broker address: {@code tcp://host[:port]} or {@code mqtt://host[:port]} (plain, default
 * port 1883), {@code ssl://}, {@code mqtts://} or {@code tls://host[:port]} (TLS, default port 8883,
 * server certificate checked against the JVM's trust store), each optionally with
 * {@code user:password@} (percent-encoded) in front of the host.
 *
 * @param username from the URL, or null
 * @param password from the URL, or null; never printed by {@link #toString()}
 */
public record MqttUrl(String host, int port, boolean tls, String username, String password) {

    /** A plain address without credentials. */
    public MqttUrl(String host, int port) {
        this(host, port, false, null, null);
    }

    public static MqttUrl parse(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an MQTT URL: " + url, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "tcp", "mqtt" -> false;
            case "ssl", "mqtts", "tls" -> true;
            default -> throw new IllegalArgumentException(
                    "expected tcp://host:port or mqtt://host:port (ssl:// or mqtts:// for TLS), got " + redact(url));
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "expected tcp://host:port or mqtt://host:port (ssl:// or mqtts:// for TLS), got " + redact(url));
        }
        String user = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            String info = uri.getUserInfo();
            int colon = info.indexOf(':');
            user = colon < 0 ? info : info.substring(0, colon);
            password = colon < 0 ? null : info.substring(colon + 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 8883 : 1883;
        return new MqttUrl(uri.getHost(), port, tls, user, password);
    }

    /** The URL without its password, for logs and error messages. */
    @Override
    public String toString() {
        return (tls ? "ssl://" : "tcp://") + (username == null ? "" : username + (password == null ? "" : ":***") + "@")
                + host + ":" + port;
    }

    private static String redact(String url) {
        return url.replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
    }
}
