package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.fleet.FleetSimulator;
import com.vendhub.realtime.sim.fleet.SimulatorConfig;
import com.vendhub.realtime.sim.offline.OfflineSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Simulated machines that lose their link in the field: the broker fires their Last Will, the
 * platform marks them offline at once, they come back, and the readings they kept meanwhile arrive
 * late and are stored without being lost.
 */
class FleetOutagesEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void aMachineDropsAbruptlyComesBackAndPublishesItsBacklogLate(RunningServer server) throws Exception {
        ProvisionedMachine m = server.provision(UUID.randomUUID(), "flaky link");
        UUID id = m.machine().id();
        Mqtt3BlockingClient watcher = server.service("watch", RunningServer.SERVICE_SECRET);
        watcher.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes statuses = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.subscribeWith().topicFilter(TopicScheme.defaults().allMachines(MachineTopicKind.STATUS))
                    .qos(MqttQos.AT_LEAST_ONCE).send();
            // About two outages a second of about 600 ms each, with a reading every 100 ms.
            OfflineSettings outages = new OfflineSettings(2 * 86_400, Duration.ofMillis(600), 1_000);
            SimulatorConfig config = SimulatorConfig.builder("127.0.0.1", server.server().mqttPort())
                    .publishInterval(Duration.ofMillis(100)).seed(11)
                    .reconnectDelays(Duration.ofMillis(100), Duration.ofMillis(500)).build();
            try (FleetSimulator fleet = new FleetSimulator(config, List.of(new DeviceCredentials(id, m.deviceToken())),
                    Clock.systemUTC(), outages)) {
                fleet.start();
                // The Will fired: the broker published the machine's own offline status on its behalf.
                boolean willSeen = false;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!willSeen && System.nanoTime() < deadline) {
                    var p = statuses.receive(5, TimeUnit.SECONDS);
                    willSeen = p.isPresent() && new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8)
                            .contains("\"offline\"") && fleet.offlineStats().linkDrops() > 0;
                }
                assertThat(willSeen).as("Last Will published after an abrupt drop").isTrue();
                await().atMost(WAIT).until(() -> fleet.offlineStats().publishedLate() >= 3);
                // The platform saw the loss as it happened, and the return.
                await().atMost(WAIT).until(() -> server.statusHistory(id)
                        .containsAll(List.of("offline/disconnected", "online/connected")));
            }
        }
        watcher.disconnect();
        assertThat(server.server().metrics().scrape()).containsPattern("vendhub_ingest_readings_late_total [1-9]");
    }
}
