package com.vendhub.realtime.broker.mqtt;

import io.moquette.broker.security.IAuthenticator;

/**
 * Refuses every CONNECT that did not pass the {@link ConnectGuard}, then asks the real authenticator.
 * Moquette 0.17 calls the authenticator synchronously on the connection's event loop, from inside the
 * pipeline call that carries the CONNECT (MQTTConnection#processConnect, #login), so the guard's mark is
 * visible here. A connection the pipeline hook missed (accepted in the instant between Moquette binding
 * its port and {@link PipelineHook} installing the guard) is thereby refused instead of skipping the
 * Will and client id checks.
 */
final class GuardedAuthenticator implements IAuthenticator {

    private final IAuthenticator delegate;
    private final ConnectGuard guard;

    GuardedAuthenticator(IAuthenticator delegate, ConnectGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        if (!guard.passing(clientId)) {
            guard.refusedUnguarded(clientId);
            return false;
        }
        return delegate.checkValid(clientId, username, password);
    }
}
