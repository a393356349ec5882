package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code vendhub serve --demo}: live data within seconds, and a data directory that survives a restart. */
class DemoModeTest {

    @RegisterExtension
    final RunningServerExtension vendhub = RunningServerExtension.demo();

    @Test
    void theDemoFleetIsLiveWithinSecondsAndSurvivesARestart(RunningServer demo) {
        assertThat(demo.server().demoCredentials()).hasSize(20);
        SocketIoTestClient map = demo.dashboard(DemoFleet.ORGANIZATION, "viewer");
        assertThat(map.subscribe("machines:all").path("ok").asBoolean()).isTrue();
        String first = demo.server().demoCredentials().get(0).machineId().toString();
        assertThat(map.subscribe("machine:" + first).path("ok").asBoolean()).isTrue();

        map.awaitEvent("machine:telemetry", t -> t.path("machineId").asText().equals(first));
        await().atMost(Duration.ofSeconds(20)).until(() -> demo.count(
                "SELECT count(DISTINCT machine_id) FROM telemetry") == 20);
        assertThat(demo.count("SELECT count(*) FROM machines WHERE lat BETWEEN 41.2 AND 41.4 "
                + "AND lng BETWEEN 69.1 AND 69.4")).isEqualTo(20);
        long storedBeforeRestart = demo.count("SELECT count(*) FROM telemetry");
        map.close();

        RunningServer again = vendhub.restart();
        // The same 20 machines, re-keyed, and every stored reading still there.
        assertThat(again.count("SELECT count(*) FROM machines")).isEqualTo(20);
        assertThat(again.count("SELECT count(*) FROM telemetry")).isGreaterThanOrEqualTo(storedBeforeRestart);
        long before = again.count("SELECT count(*) FROM telemetry");
        await().atMost(Duration.ofSeconds(20)).until(() -> again.count("SELECT count(*) FROM telemetry") > before);
    }
}
