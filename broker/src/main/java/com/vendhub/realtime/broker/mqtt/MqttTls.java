package com.vendhub.realtime.broker.mqtt;

import java.nio.file.Path;
import java.util.Objects;

/**
 * MQTT over TLS (contract: 8883 when a certificate is configured).
 *
 * @param port         TLS port; 0 picks a free one
 * @param certificate  PEM certificate chain
 * @param key          PEM private key (PKCS#8) of the certificate
 * @param plainEnabled whether plain MQTT stays on next to TLS
 */
public record MqttTls(int port, Path certificate, Path key, boolean plainEnabled) {

    public MqttTls {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TLS port out of range: " + port);
        }
    }
}
