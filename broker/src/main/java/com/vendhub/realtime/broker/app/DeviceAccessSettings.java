package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.ingest.status.SilenceWatch;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How devices reach the embedded broker and when they count as gone (docs/configuration.md, "Devices").
 *
 * @param serviceSecret        password of the {@code svc:<name>} service clients; null: no service client may log in
 * @param silenceTimeout       a machine not heard from for this long becomes offline
 * @param plainPortEnabled     whether plain MQTT (1883) is served; may be off only when TLS is on
 * @param tlsPort              MQTT over TLS port (8883); 0 picks a free one; used only with a certificate
 * @param tlsCertificate       PEM certificate chain; with {@code tlsKey} it switches TLS on
 * @param tlsKey               PEM private key (PKCS#8) of the certificate
 * @param maxPayloadBytes      largest telemetry payload stored; larger ones are dead-lettered ({@code too_large})
 * @param maxConnections       most MQTT connections at once; one more is closed right after its CONNECT
 * @param connectsPerSourcePerMinute accepted CONNECTs per source (client id) and minute; more are refused
 * @param sessionQueueSize     commands queued per Moquette session loop (connects, publishes, connection
 *                             losses); Moquette drops a command when its queue is full
 * @param connectRateMaxSources most client ids the CONNECT rate remembers at once; one more clears it
 * @param connectRateMaxBytes  most bytes (estimated) the CONNECT rate's remembered client ids take; one
 *                             more clears it
 */
public record DeviceAccessSettings(
        String serviceSecret,
        Duration silenceTimeout,
        boolean plainPortEnabled,
        int tlsPort,
        Path tlsCertificate,
        Path tlsKey,
        int maxPayloadBytes,
        int maxConnections,
        int connectsPerSourcePerMinute,
        int sessionQueueSize,
        int connectRateMaxSources,
        long connectRateMaxBytes) {

    public static final int DEFAULT_TLS_PORT = 8883;
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 50_000;
    public static final int DEFAULT_CONNECTS_PER_SOURCE_PER_MINUTE = 600;
    /**
     * Moquette's default of 1024 overflowed when 10,000 machines disconnected within a second (docs/protocol.md,
     * "Online, offline, status"); a queued command is one reference, so a larger queue is cheap.
     */
    public static final int DEFAULT_SESSION_QUEUE_SIZE = 32_768;
    /** Four times the default connection limit: every machine of a full broker, and room for churn. */
    public static final int DEFAULT_CONNECT_RATE_MAX_SOURCES = 200_000;
    /** 200,000 machine ids take about 40 MiB by the estimate; the longest service ids are bounded too. */
    public static final long DEFAULT_CONNECT_RATE_MAX_BYTES = 64L * 1024 * 1024;

    public DeviceAccessSettings {
        if (silenceTimeout == null || silenceTimeout.isNegative() || silenceTimeout.isZero()) {
            throw new IllegalArgumentException("the silence timeout must be positive, got " + silenceTimeout);
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("a TLS certificate and its key go together");
        }
        if (!plainPortEnabled && tlsCertificate == null) {
            throw new IllegalArgumentException("plain MQTT can only be switched off when TLS is configured");
        }
        if (tlsPort < 0 || tlsPort > 65535) {
            throw new IllegalArgumentException("TLS port out of range: " + tlsPort);
        }
        if (maxPayloadBytes < 1024) {
            throw new IllegalArgumentException("max payload too small: " + maxPayloadBytes);
        }
        if (maxConnections < 1 || connectsPerSourcePerMinute < 1 || sessionQueueSize < 1
                || connectRateMaxSources < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        if (connectRateMaxBytes < 64 * 1024) {
            throw new IllegalArgumentException("the CONNECT rate's byte bound must be at least 64 KiB, got "
                    + connectRateMaxBytes);
        }
    }

    /** Every setting at its default: no service clients, plain MQTT only, 3-minute silence timeout. */
    public static DeviceAccessSettings defaults() {
        return new DeviceAccessSettings(null, SilenceWatch.DEFAULT_TIMEOUT, true, DEFAULT_TLS_PORT, null, null,
                DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_CONNECTIONS, DEFAULT_CONNECTS_PER_SOURCE_PER_MINUTE,
                DEFAULT_SESSION_QUEUE_SIZE, DEFAULT_CONNECT_RATE_MAX_SOURCES, DEFAULT_CONNECT_RATE_MAX_BYTES);
    }

    public boolean tlsEnabled() {
        return tlsCertificate != null;
    }

    public DeviceAccessSettings withServiceSecret(String value) {
        return new DeviceAccessSettings(value, silenceTimeout, plainPortEnabled, tlsPort, tlsCertificate, tlsKey,
                maxPayloadBytes, maxConnections, connectsPerSourcePerMinute, sessionQueueSize, connectRateMaxSources, connectRateMaxBytes);
    }

    public DeviceAccessSettings withSilenceTimeout(Duration value) {
        return new DeviceAccessSettings(serviceSecret, value, plainPortEnabled, tlsPort, tlsCertificate, tlsKey,
                maxPayloadBytes, maxConnections, connectsPerSourcePerMinute, sessionQueueSize, connectRateMaxSources, connectRateMaxBytes);
    }

    public DeviceAccessSettings withTls(int port, Path certificate, Path key, boolean plainEnabled) {
        return new DeviceAccessSettings(serviceSecret, silenceTimeout, plainEnabled, port, certificate, key,
                maxPayloadBytes, maxConnections, connectsPerSourcePerMinute, sessionQueueSize, connectRateMaxSources, connectRateMaxBytes);
    }

    public DeviceAccessSettings withSessionQueueSize(int value) {
        return new DeviceAccessSettings(serviceSecret, silenceTimeout, plainPortEnabled, tlsPort, tlsCertificate,
                tlsKey, maxPayloadBytes, maxConnections, connectsPerSourcePerMinute, value, connectRateMaxSources, connectRateMaxBytes);
    }

    public DeviceAccessSettings withLimits(int payloadBytes, int connections, int connectsPerMinute) {
        return new DeviceAccessSettings(serviceSecret, silenceTimeout, plainPortEnabled, tlsPort, tlsCertificate,
                tlsKey, payloadBytes, connections, connectsPerMinute, sessionQueueSize, connectRateMaxSources, connectRateMaxBytes);
    }

    public DeviceAccessSettings withConnectRateBounds(int maxSources, long maxBytes) {
        return new DeviceAccessSettings(serviceSecret, silenceTimeout, plainPortEnabled, tlsPort, tlsCertificate,
                tlsKey, maxPayloadBytes, maxConnections, connectsPerSourcePerMinute, sessionQueueSize, maxSources,
                maxBytes);
    }
}
