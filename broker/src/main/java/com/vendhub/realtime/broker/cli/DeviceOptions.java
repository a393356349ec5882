package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.DeviceAccessSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code serve} options of device access: service clients, TLS, limits and the silence timeout. */
final class DeviceOptions {

    @Option(names = "--mqtt-service-secret", defaultValue = "${env:VENDHUB_MQTT_SERVICE_SECRET}",
            description = "Password of MQTT service clients (username svc:<name>), at least 16 characters "
                    + "(env VENDHUB_MQTT_SERVICE_SECRET). Without it no service client may connect.")
    String serviceSecret;

    @Option(names = "--silence-timeout", defaultValue = "${env:VENDHUB_SILENCE_TIMEOUT:-PT3M}",
            description = "A machine not heard from for this long becomes offline, ISO-8601 duration "
                    + "(env VENDHUB_SILENCE_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration silenceTimeout;

    @Option(names = "--mqtt-tls-port", defaultValue = "${env:VENDHUB_MQTT_TLS_PORT:-8883}",
            description = "MQTT over TLS port, 0 for any free one; used when a certificate is configured "
                    + "(env VENDHUB_MQTT_TLS_PORT, default ${DEFAULT-VALUE}).")
    int tlsPort;

    @Option(names = "--mqtt-tls-cert", defaultValue = "${env:VENDHUB_MQTT_TLS_CERT}",
            description = "PEM certificate (chain) for MQTT over TLS (env VENDHUB_MQTT_TLS_CERT).")
    Path tlsCert;

    @Option(names = "--mqtt-tls-key", defaultValue = "${env:VENDHUB_MQTT_TLS_KEY}",
            description = "PEM PKCS#8 private key of that certificate (env VENDHUB_MQTT_TLS_KEY).")
    Path tlsKey;

    @Option(names = "--mqtt-plain-port-enabled", defaultValue = "${env:VENDHUB_MQTT_PLAIN_PORT_ENABLED:-true}",
            arity = "1", description = "Serve plain MQTT on --mqtt-port; false only with TLS "
                    + "(env VENDHUB_MQTT_PLAIN_PORT_ENABLED, default ${DEFAULT-VALUE}).")
    boolean plainEnabled;

    @Option(names = "--mqtt-max-payload-bytes", defaultValue = "${env:VENDHUB_MQTT_MAX_PAYLOAD_BYTES:-65536}",
            description = "Largest telemetry payload stored; larger ones are dead-lettered "
                    + "(env VENDHUB_MQTT_MAX_PAYLOAD_BYTES, default ${DEFAULT-VALUE}).")
    int maxPayloadBytes;

    @Option(names = "--mqtt-max-connections", defaultValue = "${env:VENDHUB_MQTT_MAX_CONNECTIONS:-50000}",
            description = "Most MQTT connections at once (env VENDHUB_MQTT_MAX_CONNECTIONS, default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--mqtt-connects-per-source-per-minute",
            defaultValue = "${env:VENDHUB_MQTT_CONNECTS_PER_SOURCE_PER_MINUTE:-600}",
            description = "Accepted CONNECTs per client id and minute, counted once the credentials are valid "
                    + "(env VENDHUB_MQTT_CONNECTS_PER_SOURCE_PER_MINUTE, default ${DEFAULT-VALUE}).")
    int connectsPerSourcePerMinute;

    @Option(names = "--mqtt-session-queue-size", defaultValue = "${env:VENDHUB_MQTT_SESSION_QUEUE_SIZE:-32768}",
            description = "Commands queued per broker session loop; Moquette drops one when the queue is full "
                    + "(env VENDHUB_MQTT_SESSION_QUEUE_SIZE, default ${DEFAULT-VALUE}).")
    int sessionQueueSize;

    @Option(names = "--mqtt-connect-rate-max-sources",
            defaultValue = "${env:VENDHUB_MQTT_CONNECT_RATE_MAX_SOURCES:-200000}",
            description = "Most client ids the CONNECT rate remembers; one more clears it (counted in "
                    + "vendhub_broker_connect_rate_cleared_total) (env VENDHUB_MQTT_CONNECT_RATE_MAX_SOURCES, "
                    + "default ${DEFAULT-VALUE}).")
    int connectRateMaxSources;

    @Option(names = "--mqtt-connect-rate-max-bytes",
            defaultValue = "${env:VENDHUB_MQTT_CONNECT_RATE_MAX_BYTES:-67108864}",
            description = "Most bytes (estimated) the CONNECT rate's client ids take; one more clears it "
                    + "(env VENDHUB_MQTT_CONNECT_RATE_MAX_BYTES, default ${DEFAULT-VALUE}).")
    long connectRateMaxBytes;

    DeviceAccessSettings settings() {
        return DeviceAccessSettings.defaults()
                .withServiceSecret(serviceSecret)
                .withSilenceTimeout(silenceTimeout)
                .withTls(tlsPort, tlsCert, tlsKey, plainEnabled)
                .withLimits(maxPayloadBytes, maxConnections, connectsPerSourcePerMinute)
                .withSessionQueueSize(sessionQueueSize)
                .withConnectRateBounds(connectRateMaxSources, connectRateMaxBytes);
    }
}
