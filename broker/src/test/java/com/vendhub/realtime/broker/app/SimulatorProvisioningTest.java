package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.provision.RestProvisioner;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code vendhub-sim run --provision N}: machines created through the REST API connect with what it got back. */
class SimulatorProvisioningTest {

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void provisionedMachinesConnectWithTheirOwnTokens(RunningServer server) throws Exception {
        UUID org = UUID.randomUUID();
        List<DeviceCredentials> fleet = new RestProvisioner(URI.create(server.httpBase()), server.userToken(org, "admin"))
                .provision(5, "Simulated", null, 41.3, 69.2);
        assertThat(fleet).hasSize(5);
        assertThat(fleet.stream().map(DeviceCredentials::machineId).distinct()).hasSize(5);
        for (DeviceCredentials d : fleet) {
            assertThat(server.server().machines().organizationOf(d.machineId())).contains(org);
            Mqtt3BlockingClient device = server.device(d.machineId().toString(), d.machineId().toString(), d.token());
            device.connect();
            device.disconnect();
        }
    }

    @Test
    void aTokenWithoutTheAdminRoleProvisionsNothing(RunningServer server) {
        assertThatThrownBy(() -> new RestProvisioner(URI.create(server.httpBase()),
                server.userToken(UUID.randomUUID(), "operator")).provision(2, "Nope", null, 0, 0))
                .isInstanceOf(IOException.class).hasMessageContaining("403");
    }
}
