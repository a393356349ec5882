package com.vendhub.realtime.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every CONNECT to the embedded broker is checked, with a real MQTT client. */
class DeviceAuthenticationTest {

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();
    private static ProvisionedMachine machine;
    private static ProvisionedMachine other;

    @BeforeAll
    static void start(RunningServer server) {
        UUID org = UUID.randomUUID();
        machine = server.provision(org, "A");
        other = server.provision(org, "B");
    }

    private static Mqtt3ConnAckReturnCode refusal(String clientId, String username, String password) {
        var client = vendhub.server().device(clientId, username, password);
        try {
            client.connect();
            client.disconnect();
            throw new AssertionError("connected as " + username);
        } catch (Mqtt3ConnAckException e) {
            return e.getMqttMessage().getReturnCode();
        }
    }

    @Test
    void aMachineWithItsOwnTokenConnects(RunningServer server) {
        var client = server.connectDevice(machine);
        assertThat(client.getState().isConnected()).isTrue();
        client.disconnect();
    }

    @Test
    void aWrongTokenIsRefused() {
        String id = machine.machine().id().toString();
        assertThat(refusal(id, id, other.deviceToken())).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusal(id, id, "")).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void anUnknownMachineIsRefused() {
        String id = UUID.randomUUID().toString();
        assertThat(refusal(id, id, machine.deviceToken())).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void anonymousClientsAreRefused(RunningServer server) {
        var client = server.device(machine.machine().id().toString(), null, null);
        assertThatThrownBy(client::connect).isInstanceOf(Mqtt3ConnAckException.class);
    }

    @Test
    void aClientIdOtherThanTheUsernameIsRefused() {
        String id = machine.machine().id().toString();
        assertThat(refusal(other.machine().id().toString(), id, machine.deviceToken()))
                .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void refusalsAreCountedByReason(RunningServer server) {
        String id = UUID.randomUUID().toString();
        refusal(id, id, "x");
        assertThat(server.server().metrics().scrape()).contains("vendhub_broker_auth_denied_total{reason=\"unknown_machine\"}");
    }
}
