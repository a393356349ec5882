package com.vendhub.realtime.broker.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;

/**
 * The first step of a graceful shutdown: stop taking messages while the connections stay open, so that
 * what was already taken can still be written and acknowledged to the machines. Wraps the broker's
 * authenticator and ACL: once {@link #close() closed}, every CONNECT is refused and every PUBLISH is
 * refused before Moquette acknowledges it (PostOffice#receivedPublishQos1 asks the ACL before its
 * PUBACK, so a refused reading was never acknowledged and the machine sends it again later).
 */
public final class IntakeGate {

    private volatile boolean closed;
    private final Counter refusedConnects;
    private final Counter refusedPublishes;

    public IntakeGate(MeterRegistry metrics) {
        this.refusedConnects = Counter.builder("vendhub.shutdown.refused").tag("what", "connect")
                .description("CONNECTs and PUBLISHes refused because the server is shutting down").register(metrics);
        this.refusedPublishes = Counter.builder("vendhub.shutdown.refused").tag("what", "publish")
                .description("CONNECTs and PUBLISHes refused because the server is shutting down").register(metrics);
    }

    /** Stops taking connections and messages, for good. */
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** {@code authenticator}, refusing everyone once the gate is closed. */
    public IAuthenticator guard(IAuthenticator authenticator) {
        return (clientId, username, password) -> {
            if (closed) {
                refusedConnects.increment();
                return false;
            }
            return authenticator.checkValid(clientId, username, password);
        };
    }

    /** {@code policy}, refusing every publish once the gate is closed; reads are unchanged. */
    public IAuthorizatorPolicy guard(IAuthorizatorPolicy policy) {
        return new IAuthorizatorPolicy() {
            @Override
            public boolean canWrite(Topic topic, String user, String client) {
                if (closed) {
                    refusedPublishes.increment();
                    return false;
                }
                return policy.canWrite(topic, user, client);
            }

            @Override
            public boolean canRead(Topic topic, String user, String client) {
                return policy.canRead(topic, user, client);
            }
        };
    }
}
