package com.vendhub.realtime.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.vendhub.realtime.broker.testing.RawMqttConnection;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/security.md, "CONNECT: checked before a session exists": the CONNECT rate was charged per client id before the password check, so bogus
 * CONNECTs with a victim's machine id kept the real machine out. Failures now never consume the
 * budget of the valid token (that valid CONNECTs are still limited is ConnectRateLimiterTest's).
 */
class ConnectLockoutTest {

    private static final int BAD_USERNAME_OR_PASSWORD = 4;
    private static final int PER_MINUTE = 30;

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.withDevices(
            d -> d.withLimits(d.maxPayloadBytes(), d.maxConnections(), PER_MINUTE));

    @Test
    void bogusConnectsWithAVictimsIdDoNotLockTheRealMachineOut(RunningServer server) throws Exception {
        ProvisionedMachine victim = server.provision(UUID.randomUUID(), "victim");
        String id = victim.machine().id().toString();
        for (int i = 0; i < 10 * PER_MINUTE; i++) {
            assertThat(RawMqttConnection.connectAndDrop(server.server().mqttPort(), id, id, "wrong-" + i, null, null))
                    .isEqualTo(BAD_USERNAME_OR_PASSWORD);
        }
        int accepted = 0;
        for (int i = 0; i < 15; i++) {
            Mqtt3BlockingClient device = server.device(id, id, victim.deviceToken());
            try {
                device.connect();
                accepted++;
                device.disconnect();
            } catch (Mqtt3ConnAckException e) {
                // counted below
            }
        }
        assertThat(accepted).as("valid CONNECTs accepted after %d bogus ones", 10 * PER_MINUTE).isEqualTo(15);
        assertThat(server.server().metrics().scrape())
                .contains("vendhub_broker_auth_denied_total{reason=\"bad_token\"} " + (10.0 * PER_MINUTE));
    }
}
