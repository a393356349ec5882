package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.vendhub.realtime.broker.testing.Fleet;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.model.CommitAck;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.fleet.FleetSimulator;
import com.vendhub.realtime.sim.outbox.OutboxSettings;
import com.vendhub.realtime.sim.outbox.OutboxStats;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenarios of the commit acknowledgement on {@code vendhub/machines/{id}/ack} (docs/contract.md, "MQTT" and "Delivery guarantees"). */
class CommitAcknowledgementTest {

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();
    private final WireJson json = new WireJson();

    @Test
    void aCommittedReadingIsAcknowledgedAndARepublishedOneIsAcknowledgedAgainButStoredOnce(RunningServer server)
            throws Exception {
        ProvisionedMachine m = server.provision(UUID.randomUUID(), "acked");
        UUID id = m.machine().id();
        Mqtt3BlockingClient device = server.connectDevice(m);
        try (Mqtt3BlockingClient.Mqtt3Publishes acks = device.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.SUBSCRIBED)) {
            device.subscribeWith().topicFilter("vendhub/machines/" + id + "/ack").qos(MqttQos.AT_LEAST_ONCE).send();
            Instant ts = Instant.now().truncatedTo(ChronoUnit.MICROS);
            byte[] reading = Readings.telemetry(id, ts, 4.5, 1200);

            device.publishWith().topic("vendhub/machines/" + id + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(reading).send();
            assertThat(nextAck(acks)).containsExactly(ts);

            // The device did not see that ack (say), so it publishes the same reading again.
            device.publishWith().topic("vendhub/machines/" + id + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(reading).send();
            assertThat(nextAck(acks)).containsExactly(ts);
            assertThat(server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + id + "'")).isEqualTo(1);
        } finally {
            device.disconnect();
        }
    }

    @Test
    void aFleetThatWaitsForAcksEmptiesItsOutboxes(RunningServer server) {
        ProvisionedMachine[] machines = new ProvisionedMachine[10];
        UUID org = UUID.randomUUID();
        for (int i = 0; i < machines.length; i++) {
            machines[i] = server.provision(org, "fleet-" + i);
        }
        List<DeviceCredentials> devices = java.util.Arrays.stream(machines)
                .map(p -> new DeviceCredentials(p.machine().id(), p.deviceToken())).toList();
        try (FleetSimulator fleet = Fleet.simulator(server.server().mqttPort(), devices, Duration.ofMillis(50),
                OutboxSettings.enabled(Duration.ofSeconds(30)))) {
            fleet.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.outboxStats().acked() >= 200);
            fleet.pauseReadings();
            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.outboxStats().pending() == 0);
            OutboxStats stats = fleet.outboxStats();
            assertThat(stats.acked()).isEqualTo(stats.kept());
            // With a 30 s ack timeout and no fault, nothing needed a second publish.
            assertThat(stats.resent()).isZero();
            assertThat(stats.badAcks()).isZero();
            String ids = devices.stream().map(d -> "'" + d.machineId() + "'").reduce((x, y) -> x + "," + y).orElseThrow();
            assertThat(server.count("SELECT count(*) FROM telemetry WHERE machine_id IN (" + ids + ")"))
                    .isEqualTo(stats.kept());
        }
    }

    private List<Instant> nextAck(Mqtt3BlockingClient.Mqtt3Publishes acks) throws Exception {
        Optional<Mqtt3Publish> p = acks.receive(30, TimeUnit.SECONDS);
        assertThat(p).as("an ack within 30 s").isPresent();
        return json.mapper().readValue(p.get().getPayloadAsBytes(), CommitAck.class).timestamps();
    }
}
