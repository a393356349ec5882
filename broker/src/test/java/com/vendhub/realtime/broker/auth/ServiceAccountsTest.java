package com.vendhub.realtime.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Service identities: the secret, the name, the client id, and no secret at all. */
class ServiceAccountsTest {

    private static final String SECRET = "a-service-secret-long-enough";
    private final ServiceAccounts accounts = ServiceAccounts.withSecret(SECRET);

    @Test
    void theSecretWithAMatchingClientIdLogsIn() {
        assertThat(accounts.refusal("svc:ingest", "svc:ingest", bytes(SECRET))).isEmpty();
        assertThat(accounts.refusal("svc:ingest-2", "svc:ingest", bytes(SECRET))).isEmpty();
    }

    @Test
    void everythingElseIsRefusedWithItsReason() {
        assertThat(accounts.refusal("svc:ingest", "svc:ingest", bytes("wrong"))).contains("bad_service_secret");
        assertThat(accounts.refusal("svc:ingest", "svc:ingest", null)).contains("bad_service_secret");
        assertThat(accounts.refusal("svc:fanout", "svc:ingest", bytes(SECRET))).contains("client_id_mismatch");
        assertThat(accounts.refusal("svc:", "svc:", bytes(SECRET))).contains("bad_service_name");
        assertThat(accounts.refusal("svc:a b", "svc:a b", bytes(SECRET))).contains("bad_service_name");
        assertThat(ServiceAccounts.withSecret(null).refusal("svc:x", "svc:x", bytes(SECRET)))
                .contains("service_disabled");
        assertThatThrownBy(() -> ServiceAccounts.withSecret("short")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
