package com.vendhub.realtime.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who replays whom: explicit entries, then own credentials, then the rest in order. */
class MachineMappingTest {

    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final UUID c = UUID.randomUUID();
    private final DeviceCredentials x = new DeviceCredentials(UUID.randomUUID(), "tx");
    private final DeviceCredentials y = new DeviceCredentials(UUID.randomUUID(), "ty");
    private final DeviceCredentials ownB = new DeviceCredentials(b, "tb");

    @Test
    void explicitEntriesWinOwnCredentialsKeepTheirIdAndTheRestGoInOrder() {
        MachineMapping m = MachineMapping.of(List.of(a, b, c), Map.of(c, x.machineId()), List.of(x, y, ownB));
        assertThat(m.target(c)).isEqualTo(x);
        assertThat(m.target(b)).isEqualTo(ownB);
        assertThat(m.target(a)).isEqualTo(y);
    }

    @Test
    void tooFewCredentialsOrAnUnknownTargetAreRefused() {
        assertThatThrownBy(() -> MachineMapping.of(List.of(a, c), Map.of(), List.of(x)))
                .hasMessageContaining("2 machines but only 1 credentials");
        assertThatThrownBy(() -> MachineMapping.of(List.of(a), Map.of(a, UUID.randomUUID()), List.of(x)))
                .hasMessageContaining("no credentials");
    }
}
