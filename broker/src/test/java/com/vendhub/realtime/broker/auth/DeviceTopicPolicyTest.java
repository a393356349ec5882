package com.vendhub.realtime.broker.auth;

import static com.vendhub.realtime.broker.testing.Subscriptions.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A machine touches only its own topics (docs/contract.md, "MQTT"), checked with a real client. */
class DeviceTopicPolicyTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();
    private static ProvisionedMachine machine;
    private static ProvisionedMachine victim;

    @BeforeAll
    static void start(RunningServer server) {
        machine = server.provision(UUID.randomUUID(), "A");
        victim = server.provision(UUID.randomUUID(), "victim of another organization");
    }

    @Test
    void aMachineMayNotPublishAsAnotherMachine(RunningServer server) {
        var device = server.connectDevice(machine);
        UUID victimId = victim.machine().id();
        // Fire and forget: the broker withholds the PUBACK of a refused QoS 1 publish.
        device.toAsync().publishWith().topic(TOPICS.telemetry(victimId)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Readings.telemetry(victimId, Instant.now(), 5, 100)).send();
        device.toAsync().publishWith().topic(TOPICS.status(victimId)).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("{\"status\":\"offline\"}".getBytes()).send();
        // Its own reading, published after, proves the refused ones had their chance to arrive.
        UUID ownId = machine.machine().id();
        device.publishWith().topic(TOPICS.telemetry(ownId)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Readings.telemetry(ownId, Instant.now(), 5, 100)).send();

        await().until(() -> server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + ownId + "'") == 1);
        assertThat(server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + victimId + "'")).isZero();
        assertThat(server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id = '" + victimId + "'"))
                .isZero();
        assertThat(device.getState().isConnected()).isTrue();
        assertThat(server.server().metrics().scrape()).contains("vendhub_broker_acl_denied_total{action=\"publish\"}");
        device.disconnect();
    }

    @Test
    void aMachineSubscribesOnlyToItsOwnAckAndCommands(RunningServer server) {
        var device = server.connectDevice(machine);
        UUID own = machine.machine().id();
        assertThat(subscribe(device, TOPICS.ack(own))).isNotEqualTo(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(subscribe(device, TOPICS.commands(own))).isNotEqualTo(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(subscribe(device, TOPICS.ack(victim.machine().id()))).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(subscribe(device, TOPICS.allMachines(com.vendhub.realtime.schema.topics.MachineTopicKind.TELEMETRY)))
                .isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(subscribe(device, "#")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(device.getState().isConnected()).isTrue();
        device.disconnect();
    }
}
