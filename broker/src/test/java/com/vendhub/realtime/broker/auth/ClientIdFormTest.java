package com.vendhub.realtime.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract's client id forms: a machine's UUID or a service's {@code svc:<name>[suffix]}. */
class ClientIdFormTest {

    @Test
    void machineAndServiceIdsPass() {
        assertThat(ClientIdForm.refusal(UUID.randomUUID().toString())).isEmpty();
        assertThat(ClientIdForm.refusal("svc:ingest")).isEmpty();
        assertThat(ClientIdForm.refusal("svc:record-12345")).isEmpty();
        assertThat(ClientIdForm.refusal("svc:" + "n".repeat(ClientIdForm.MAX_SERVICE_CLIENT_ID_LENGTH - 4))).isEmpty();
    }

    @Test
    void everythingElseIsRefusedWithItsReason() {
        assertThat(ClientIdForm.refusal(null)).contains("client_id_empty");
        assertThat(ClientIdForm.refusal("")).contains("client_id_empty");
        assertThat(ClientIdForm.refusal("svc:" + "n".repeat(ClientIdForm.MAX_SERVICE_CLIENT_ID_LENGTH - 3)))
                .contains("client_id_too_long");
        assertThat(ClientIdForm.refusal(UUID.randomUUID() + "x".repeat(60 * 1024))).contains("client_id_too_long");
        assertThat(ClientIdForm.refusal(UUID.randomUUID().toString().toUpperCase())).contains("client_id_form");
        assertThat(ClientIdForm.refusal("sensor-1")).contains("client_id_form");
        assertThat(ClientIdForm.refusal("svc:")).contains("client_id_form");
        assertThat(ClientIdForm.refusal("svc:with space")).contains("client_id_form");
        assertThat(ClientIdForm.refusal("svc:new\nline")).contains("client_id_form");
    }
}
