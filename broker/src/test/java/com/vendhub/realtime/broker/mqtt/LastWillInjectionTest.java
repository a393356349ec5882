package com.vendhub.realtime.broker.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.vendhub.realtime.broker.testing.RawMqttConnection;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/protocol.md, "CONNECT and the Last Will": a machine's Last Will on another machine's {@code commands}, {@code ack} or
 * {@code status}, on {@code vendhub/events/...}, or on its own status with anything but {@code offline},
 * is refused at CONNECT (CONNACK 0x05) and never stored, so dropping the connection afterwards fires
 * nothing: the victim machine (subscribed to its commands and ack) and a service watching the event
 * stream and every status topic receive only the legitimate marker messages sent after the attacks.
 */
class LastWillInjectionTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int NOT_AUTHORIZED = 5;

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();
    private static ProvisionedMachine attacker;
    private static ProvisionedMachine victim;

    @BeforeAll
    static void start(RunningServer server) {
        attacker = server.provision(UUID.randomUUID(), "attacker");
        victim = server.provision(UUID.randomUUID(), "victim");
    }

    private record Will(String kind, String topic, String payload) {
    }

    @Test
    void aForeignOrForgedWillIsRefusedAtConnectAndNothingReachesAnotherMachineOrTheEventStream(RunningServer server)
            throws Exception {
        UUID b = victim.machine().id();
        UUID a = attacker.machine().id();
        Queue<String> atVictim = new ConcurrentLinkedQueue<>();
        Queue<String> atObserver = new ConcurrentLinkedQueue<>();

        Mqtt3BlockingClient device = server.connectDevice(victim);
        for (String filter : List.of(TOPICS.commands(b), TOPICS.ack(b))) {
            device.toAsync().subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> atVictim.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(),
                            StandardCharsets.UTF_8)))
                    .send().join();
        }
        Mqtt3BlockingClient observer = server.service("observer", RunningServer.SERVICE_SECRET);
        observer.connect();
        for (String filter : List.of(TOPICS.allEvents(), "vendhub/machines/+/status")) {
            observer.toAsync().subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> atObserver.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(),
                            StandardCharsets.UTF_8)))
                    .send().join();
        }
        await().atMost(WAIT).until(() -> server.server().ingest().status().current(b)
                .map(c -> c.status() == MachineStatus.ONLINE).orElse(false));

        String now = Instant.now().toString();
        List<Will> wills = List.of(
                new Will("another machine's commands", TOPICS.commands(b),
                        "{\"id\":\"forged\",\"command\":\"dispense\",\"args\":{},\"expiresAt\":\"2999-01-01T00:00:00Z\"}"),
                new Will("another machine's ack", TOPICS.ack(b), "{\"timestamps\":[\"" + now + "\"]}"),
                new Will("the event stream", TOPICS.event("machine:" + b),
                        "{\"event\":\"machine:status\",\"data\":{},\"organizationId\":\""
                                + victim.machine().organizationId() + "\"}"),
                new Will("another machine's status", TOPICS.status(b),
                        "{\"status\":\"offline\",\"timestamp\":\"" + now + "\"}"),
                new Will("its own status, but not offline", TOPICS.status(a),
                        "{\"status\":\"online\",\"timestamp\":\"" + now + "\"}"));
        String id = a.toString();
        for (Will will : wills) {
            // A real client: the CONNECT is refused, so no session and no Will exist.
            Mqtt3BlockingClient forger = Mqtt3Client.builder().identifier(id).serverHost("127.0.0.1")
                    .serverPort(server.server().mqttPort())
                    .simpleAuth().username(id).password(attacker.deviceToken().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .willPublish().topic(will.topic()).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(will.payload().getBytes(StandardCharsets.UTF_8)).applyWillPublish()
                    .buildBlocking();
            assertThatThrownBy(forger::connect).as(will.kind())
                    .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(
                            e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
            // A raw client that drops its link right after the CONNACK, the drop that fires a stored Will.
            assertThat(RawMqttConnection.connectAndDrop(server.server().mqttPort(), id, id, attacker.deviceToken(),
                    will.topic(), will.payload().getBytes(StandardCharsets.UTF_8))).as(will.kind())
                    .isEqualTo(NOT_AUTHORIZED);
        }

        // Markers sent after every attack: once they arrived, anything a Will fired would have arrived too.
        Mqtt3BlockingClient backend = server.service("backend", RunningServer.SERVICE_SECRET);
        backend.connect();
        backend.publishWith().topic(TOPICS.commands(b)).qos(MqttQos.AT_LEAST_ONCE)
                .payload("marker".getBytes(StandardCharsets.UTF_8)).send();
        backend.publishWith().topic(TOPICS.event("machine:" + b)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"event\":\"marker\",\"data\":{},\"organizationId\":\""
                        + victim.machine().organizationId() + "\"}").getBytes(StandardCharsets.UTF_8)).send();
        device.publishWith().topic(TOPICS.status(b)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"status\":\"online\",\"timestamp\":\"" + Instant.now() + "\"}")
                        .getBytes(StandardCharsets.UTF_8)).send();
        await().atMost(WAIT).until(() -> atVictim.stream().anyMatch(m -> m.endsWith(" marker"))
                && atObserver.stream().anyMatch(m -> m.contains("\"marker\""))
                && atObserver.stream().anyMatch(m -> m.startsWith(TOPICS.status(b) + " ")));

        assertThat(atVictim).containsExactly(TOPICS.commands(b) + " marker");
        assertThat(atObserver).hasSize(2);
        assertThat(atObserver).allMatch(m -> m.contains("marker") || m.contains("\"online\""));
        assertThat(server.server().metrics().scrape()).contains("vendhub_broker_will_refused_total 10.0");
        assertThat(server.server().ingest().status().current(b).orElseThrow().status()).isEqualTo(MachineStatus.ONLINE);
        assertThat(server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id = '" + b
                + "' AND status = 'offline'")).isZero();
        backend.disconnect();
        observer.disconnect();
        device.disconnect();
    }

    @Test
    void aServiceClientMayLeaveNoWill(RunningServer server) throws Exception {
        int code = RawMqttConnection.connectAndDrop(server.server().mqttPort(), "svc:willing", "svc:willing",
                RunningServer.SERVICE_SECRET, TOPICS.commands(victim.machine().id()),
                "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(NOT_AUTHORIZED);
    }
}
