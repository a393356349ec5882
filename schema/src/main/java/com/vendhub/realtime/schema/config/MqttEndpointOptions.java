package com.vendhub.realtime.schema.config;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The MQTT broker a client connects to, as {@code vendhub ingest}, {@code vendhub fanout} and
 * {@code vendhub-sim run | record | replay} name it: one URL, {@code tcp://} or {@code ssl://}
 * ({@link MqttUrl}); TLS trusts the JVM's certificate authorities. A picocli mixin; the
 * scale-out roles require it, the simulator defaults to a broker on this host.
 */
public final class MqttEndpointOptions {

    /** The simulator's broker when none is named: {@code vendhub serve} on this host. */
    public static final String LOCAL_BROKER = "tcp://localhost:1883";

    @Option(names = "--mqtt-url",
            description = "MQTT broker: tcp://host:port, or ssl://host:port (mqtts://) for TLS checked against the "
                    + "JVM's certificate authorities; user:password@ in the URL is accepted.")
    String url;

    private MqttEndpointOptions(String url) {
        this.url = url;
    }

    /** No default: the command refuses to start without a broker. */
    public static MqttEndpointOptions required() {
        return new MqttEndpointOptions(null);
    }

    /** {@value #LOCAL_BROKER} unless given. */
    public static MqttEndpointOptions localByDefault() {
        return new MqttEndpointOptions(LOCAL_BROKER);
    }

    /** The URL as given, or null. */
    public String url() {
        return url;
    }

    /** The broker; a missing or malformed URL is a usage error of {@code cli}, the password never shown. */
    public MqttUrl endpoint(CommandLine cli) {
        if (url == null || url.isBlank()) {
            throw new ParameterException(cli, "Missing required option --mqtt-url");
        }
        try {
            return MqttUrl.parse(url.strip());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, "Invalid --mqtt-url: " + e.getMessage());
        }
    }
}
