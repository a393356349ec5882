package com.vendhub.realtime.broker.mqtt;

import io.moquette.broker.ISslContextCreator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;

/**
 * Builds the broker's TLS context from a PEM certificate and key with Netty's SslContextBuilder,
 * instead of Moquette's default creator, which wants a JKS keystore and its passwords in the config.
 * The context is built before the broker starts, so a bad file fails the start with a clear message
 * (Moquette's acceptor would only log "Can't initialize SSLHandler layer" and carry on without TLS).
 */
final class PemSslContextCreator implements ISslContextCreator {

    private final SslContext context;

    PemSslContextCreator(MqttTls tls) throws SSLException {
        try {
            this.context = SslContextBuilder.forServer(tls.certificate().toFile(), tls.key().toFile()).build();
        } catch (IllegalArgumentException e) {
            throw new SSLException("cannot read the TLS certificate " + tls.certificate() + " or key " + tls.key()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SslContext initSSLContext() {
        return context;
    }
}
