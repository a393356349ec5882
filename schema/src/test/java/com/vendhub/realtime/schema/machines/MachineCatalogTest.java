package com.vendhub.realtime.schema.machines;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.schema.testing.EmbeddedPostgresExtension;
import com.vendhub.realtime.schema.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class MachineCatalogTest {

    private static final UUID ORG = UUID.randomUUID();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aProvisionedMachineVerifiesOnlyWithItsOwnTokenWhichIsNeverStored(TestDatabase db) throws Exception {
        MachineCatalog catalog = new MachineCatalog(new MachineRepository(db.dataSource()),
                new DeviceTokens(new SecureRandom()), Clock.systemUTC());
        ProvisionedMachine a = catalog.provision(ORG, "A", 41.3, 69.2);
        ProvisionedMachine b = catalog.provision(ORG, "B", null, null);

        assertThat(Base64.getUrlDecoder().decode(a.deviceToken())).hasSize(32);
        assertThat(catalog.verifyToken(a.machine().id(), bytes(a.deviceToken()))).isTrue();
        assertThat(catalog.verifyToken(a.machine().id(), bytes(b.deviceToken()))).isFalse();
        assertThat(catalog.verifyToken(a.machine().id(), new byte[0])).isFalse();
        assertThat(catalog.verifyToken(a.machine().id(), null)).isFalse();
        assertThat(catalog.verifyToken(UUID.randomUUID(), bytes(a.deviceToken()))).isFalse();
        assertThat(db.count("SELECT count(*) FROM machines WHERE position('" + a.deviceToken()
                + "'::bytea in token_hash) > 0 OR encode(token_hash, 'escape') LIKE '%" + a.deviceToken() + "%'")).isZero();
    }

    @Test
    void anotherProcessFindsAMachineProvisionedAfterItLoaded(TestDatabase db) throws Exception {
        MachineCatalog first = new MachineCatalog(new MachineRepository(db.dataSource()),
                new DeviceTokens(new SecureRandom()), Clock.systemUTC());
        MachineCatalog second = new MachineCatalog(new MachineRepository(db.dataSource()),
                new DeviceTokens(new SecureRandom()), Clock.systemUTC());
        second.load();
        ProvisionedMachine m = first.provision(ORG, "late", 1.0, 2.0);
        assertThat(second.verifyToken(m.machine().id(), bytes(m.deviceToken()))).isTrue();
        assertThat(second.organizationOf(m.machine().id())).contains(ORG);
    }

    @Test
    void rotationMakesTheOldTokenFailAtOnce(TestDatabase db) throws Exception {
        MachineCatalog catalog = new MachineCatalog(new MachineRepository(db.dataSource()),
                new DeviceTokens(new SecureRandom()), Clock.systemUTC());
        ProvisionedMachine m = catalog.provision(ORG, "A", null, null);
        ProvisionedMachine rotated = catalog.rotateToken(m.machine().id()).orElseThrow();

        assertThat(rotated.deviceToken()).isNotEqualTo(m.deviceToken());
        assertThat(catalog.verifyToken(m.machine().id(), bytes(m.deviceToken()))).isFalse();
        assertThat(catalog.verifyToken(m.machine().id(), bytes(rotated.deviceToken()))).isTrue();
        assertThat(catalog.rotateToken(UUID.randomUUID())).isEmpty();
    }

    @Test
    void rotationTellsTheListenersWhichMachineWasReKeyed(TestDatabase db) {
        MachineCatalog catalog = new MachineCatalog(new MachineRepository(db.dataSource()),
                new DeviceTokens(new SecureRandom()), Clock.systemUTC());
        List<UUID> rotated = new CopyOnWriteArrayList<>();
        catalog.onTokenRotated(rotated::add);
        ProvisionedMachine m = catalog.provision(ORG, "A", null, null);
        assertThat(rotated).isEmpty();

        catalog.rotateToken(m.machine().id()).orElseThrow();
        catalog.rotateToken(UUID.randomUUID());
        assertThat(rotated).containsExactly(m.machine().id());
    }

    @Test
    void listsOneOrganizationOrAllByNameThenId(TestDatabase db) {
        MachineCatalog catalog = new MachineCatalog(new MachineRepository(db.dataSource()),
                new DeviceTokens(new SecureRandom()), Clock.systemUTC());
        UUID other = UUID.randomUUID();
        ProvisionedMachine b = catalog.provision(ORG, "B", null, null);
        ProvisionedMachine a = catalog.provision(ORG, "A", 1.0, 2.0);
        ProvisionedMachine c = catalog.provision(other, "C", null, null);

        assertThat(catalog.list(Optional.of(ORG))).extracting(MachineRecord::id)
                .containsExactly(a.machine().id(), b.machine().id());
        assertThat(catalog.list(Optional.empty())).extracting(MachineRecord::id)
                .containsExactly(a.machine().id(), b.machine().id(), c.machine().id());
    }
}
