package com.vendhub.realtime.broker.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two client id forms the contract knows ("Device identity"): a machine's id, a lower-case
 * canonical UUID of 36 characters; and a service client's id, {@code svc:<name>} optionally followed
 * by a suffix that tells workers of one service apart ({@link ServiceAccounts}). Anything else is
 * refused at CONNECT before any state is kept for it: MQTT 3.1.1 lets a client id be 65,535 bytes long
 * (section 1.5.3), and one such id kept per attempt would exhaust the heap (docs/security.md, "CONNECT:
 * checked before a session exists").
 */
public final class ClientIdForm {

    /**
     * Longest service client id: {@code svc:} + a name of at most {@value ServiceAccounts#MAX_NAME_LENGTH}
     * characters + a worker suffix (a host name and a process id fit). A contract form, not a tunable.
     */
    public static final int MAX_SERVICE_CLIENT_ID_LENGTH = 256;

    private static final Pattern MACHINE = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Printable ASCII without space: enough for a name, a host and a pid, and safe to log. */
    private static final Pattern SERVICE = Pattern.compile(Pattern.quote(ServiceAccounts.PREFIX) + "[!-~]+");

    private ClientIdForm() {
    }

    /** Empty when {@code clientId} has one of the contract's forms, otherwise the reason (a metric tag). */
    public static Optional<String> refusal(String clientId) {
        if (clientId == null || clientId.isEmpty()) {
            return Optional.of("client_id_empty");
        }
        if (clientId.length() > MAX_SERVICE_CLIENT_ID_LENGTH) {
            return Optional.of("client_id_too_long");
        }
        if (MACHINE.matcher(clientId).matches() || SERVICE.matcher(clientId).matches()) {
            return Optional.empty();
        }
        return Optional.of("client_id_form");
    }
}
