package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.DeviceAccessSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code serve} options of device access: service clients, TLS, limits and the silence timeout. */
final class DeviceOptions {

    private static final DeviceAccessSettings DEFAULTS = DeviceAccessSettings.defaults();

    @Option(names = "--mqtt-service-secret",
            description = "Password of MQTT service clients (username svc:<name>), at least 16 characters. Without it "
                    + "no service client may connect.")
    String serviceSecret = DEFAULTS.serviceSecret();

    @Option(names = "--silence-timeout", description = "A machine not heard from for this long becomes offline.")
    Duration silenceTimeout = DEFAULTS.silenceTimeout();

    @Option(names = "--mqtt-tls-port",
            description = "MQTT over TLS port, 0 for any free one; used when a certificate is configured.")
    int tlsPort = DEFAULTS.tlsPort();

    @Option(names = "--mqtt-tls-cert", description = "PEM certificate (chain) for MQTT over TLS.")
    Path tlsCert = DEFAULTS.tlsCertificate();

    @Option(names = "--mqtt-tls-key", description = "PEM PKCS#8 private key of that certificate.")
    Path tlsKey = DEFAULTS.tlsKey();

    @Option(names = "--mqtt-plain-port-enabled", arity = "1",
            description = "Serve plain MQTT on --mqtt-port; false only with TLS.")
    boolean plainEnabled = DEFAULTS.plainPortEnabled();

    @Option(names = "--mqtt-max-payload-bytes",
            description = "Largest telemetry payload stored; larger ones are dead-lettered.")
    int maxPayloadBytes = DEFAULTS.maxPayloadBytes();

    @Option(names = "--mqtt-max-connections", description = "Most MQTT connections at once.")
    int maxConnections = DEFAULTS.maxConnections();

    @Option(names = "--mqtt-connects-per-source-per-minute",
            description = "Accepted CONNECTs per client id and minute, counted once the credentials are valid.")
    int connectsPerSourcePerMinute = DEFAULTS.connectsPerSourcePerMinute();

    @Option(names = "--mqtt-session-queue-size",
            description = "Commands queued per broker session loop; Moquette drops one when the queue is full.")
    int sessionQueueSize = DEFAULTS.sessionQueueSize();

    @Option(names = "--mqtt-connect-rate-max-sources",
            description = "Most client ids the CONNECT rate remembers; one more clears it (counted in "
                    + "vendhub_broker_connect_rate_cleared_total).")
    int connectRateMaxSources = DEFAULTS.connectRateMaxSources();

    @Option(names = "--mqtt-connect-rate-max-bytes",
            description = "Most bytes (estimated) the CONNECT rate's client ids take; one more clears it.")
    long connectRateMaxBytes = DEFAULTS.connectRateMaxBytes();

    DeviceAccessSettings settings() {
        return new DeviceAccessSettings(serviceSecret, silenceTimeout, plainEnabled, tlsPort, tlsCert, tlsKey,
                maxPayloadBytes, maxConnections, connectsPerSourcePerMinute, sessionQueueSize, connectRateMaxSources,
                connectRateMaxBytes);
    }
}
