package com.vendhub.realtime.schema.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A fan-out node's registry, while another process (a catalog) provisions and re-keys machines. */
@ExtendWith(EmbeddedPostgresExtension.class)
class DatabaseMachineRegistryTest {

    private static final UUID ORG = UUID.randomUUID();

    @Test
    void seesWhatAnotherProcessProvisionsAndRotatesAtOnce(TestDatabase db) {
        MachineCatalog provisioner = new MachineCatalog(new MachineRepository(db.dataSource()),
                new DeviceTokens(new SecureRandom()), Clock.systemUTC());
        DatabaseMachineRegistry node = new DatabaseMachineRegistry(new MachineRepository(db.dataSource()));
        assertThat(node.list(Optional.of(ORG))).isEmpty();

        ProvisionedMachine m = provisioner.provision(ORG, "Lobby", 41.3, 69.2);
        assertThat(node.list(Optional.of(ORG))).extracting(MachineRecord::id).containsExactly(m.machine().id());
        assertThat(node.list(Optional.of(UUID.randomUUID()))).isEmpty();
        assertThat(node.organizationOf(m.machine().id())).contains(ORG);
        assertThat(node.find(m.machine().id()).orElseThrow().tokenHash()).isEqualTo(m.machine().tokenHash());

        ProvisionedMachine rotated = provisioner.rotateToken(m.machine().id()).orElseThrow();
        assertThat(node.find(m.machine().id()).orElseThrow().tokenHash()).isEqualTo(rotated.machine().tokenHash());
        assertThat(node.find(UUID.randomUUID())).isEmpty();
        assertThat(node.organizationOf(UUID.randomUUID())).isEmpty();
    }

    @Test
    void provisionsAndRotatesNothing(TestDatabase db) {
        DatabaseMachineRegistry node = new DatabaseMachineRegistry(new MachineRepository(db.dataSource()));
        assertThatThrownBy(() -> node.provision(ORG, "x", null, null))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> node.rotateToken(UUID.randomUUID()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(db.count("SELECT count(*) FROM machines")).isZero();
    }
}
