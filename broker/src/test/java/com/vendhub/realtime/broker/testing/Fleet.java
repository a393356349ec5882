package com.vendhub.realtime.broker.testing;

import com.vendhub.realtime.schema.machines.DeviceTokens;
import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.schema.machines.MachineRepository;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import static org.awaitility.Awaitility.await;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.fleet.FleetSimulator;
import com.vendhub.realtime.sim.fleet.SimulatorConfig;
import com.vendhub.realtime.sim.outbox.OutboxSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/** Provisions machines straight into a database and builds a fast simulated fleet for them (fault tests). */
public final class Fleet {

    private Fleet() {
    }

    /** {@code n} machines of one new organization, provisioned before any server starts. */
    public static List<DeviceCredentials> provision(DataSource db, int n) {
        MachineCatalog catalog = new MachineCatalog(new MachineRepository(db), new DeviceTokens(new SecureRandom()),
                Clock.systemUTC());
        UUID org = UUID.randomUUID();
        List<DeviceCredentials> devices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ProvisionedMachine m = catalog.provision(org, "fault-test-" + i, 41.3, 69.2);
            devices.add(new DeviceCredentials(m.machine().id(), m.deviceToken()));
        }
        return devices;
    }

    /** Machines publishing every {@code interval} at QoS 1, reconnecting quickly after an outage. */
    public static FleetSimulator simulator(int mqttPort, List<DeviceCredentials> devices, Duration interval,
                                           OutboxSettings outbox) {
        SimulatorConfig config = SimulatorConfig.builder("127.0.0.1", mqttPort)
                .publishInterval(interval)
                .qos(1)
                .connectTimeout(Duration.ofSeconds(5))
                .reconnectDelays(Duration.ofMillis(100), Duration.ofMillis(500))
                .build();
        return new FleetSimulator(config, devices, Clock.systemUTC(), outbox);
    }

    /**
     * Waits, once the fleet has stopped, until the server has written everything it holds: the stored
     * count stops moving between two polls a second apart.
     */
    public static void awaitStoredSettles(LongSupplier storedCount) {
        AtomicLong last = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long now = storedCount.getAsLong();
            return now == last.getAndSet(now);
        });
    }
}
