package com.vendhub.realtime.broker.auth;

import static com.vendhub.realtime.broker.testing.Subscriptions.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rest of the contract's ACL with real MQTT clients: what a machine may not do on its own topics,
 * what service clients may and may not do, and Last Wills on another machine's topic.
 */
class ServiceAndWillAccessTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();
    private static ProvisionedMachine machine;
    private static ProvisionedMachine other;

    @BeforeAll
    static void start(RunningServer server) {
        UUID org = UUID.randomUUID();
        machine = server.provision(org, "A");
        other = server.provision(org, "B");
    }

    @Test
    void aMachinePublishesItsOwnTelemetryAndStatusButNotItsAckCommandsOrEvents(RunningServer server) throws Exception {
        ProvisionedMachine fresh = server.provision(UUID.randomUUID(), "own topics");
        Mqtt3BlockingClient device = server.connectDevice(fresh);
        UUID id = fresh.machine().id();
        String before = server.server().metrics().scrape();
        // Refused: the platform's topics (fire and forget: a refused QoS 1 publish gets no PUBACK).
        device.toAsync().publishWith().topic(TOPICS.ack(id)).qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"timestamps\":[]}".getBytes(StandardCharsets.UTF_8)).send();
        device.toAsync().publishWith().topic(TOPICS.commands(id)).qos(MqttQos.AT_LEAST_ONCE)
                .payload("{}".getBytes(StandardCharsets.UTF_8)).send();
        device.toAsync().publishWith().topic(TOPICS.event("org:" + UUID.randomUUID())).qos(MqttQos.AT_LEAST_ONCE)
                .payload("{}".getBytes(StandardCharsets.UTF_8)).send();
        // Allowed: its own status and telemetry (both PUBACKed).
        device.publishWith().topic(TOPICS.status(id)).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(("{\"status\":\"maintenance\",\"timestamp\":\"" + Instant.now() + "\"}")
                        .getBytes(StandardCharsets.UTF_8)).send();
        Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(1);
        device.publishWith().topic(TOPICS.telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Readings.telemetry(id, ts, 6, 900)).send();

        await().atMost(WAIT).until(() -> server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + id
                + "'") == 1);
        await().atMost(WAIT).until(() -> server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id = '"
                + id + "' AND status = 'maintenance' AND source = 'status_topic'") == 1);
        assertThat(deniedPublishes(server.server().metrics().scrape()) - deniedPublishes(before)).isEqualTo(3.0);
        assertThat(server.count("SELECT count(*) FROM dead_letters WHERE client_id = '" + id + "'")).isZero();
        assertThat(device.getState().isConnected()).isTrue();
        device.disconnect();
    }

    @Test
    void aMachineMayNotSubscribeToItsOwnTelemetryOrStatus(RunningServer server) {
        Mqtt3BlockingClient device = server.connectDevice(machine);
        UUID id = machine.machine().id();
        assertThat(subscribe(device, TOPICS.telemetry(id))).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(subscribe(device, TOPICS.status(id))).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(subscribe(device, TOPICS.allEvents())).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(device.getState().isConnected()).isTrue();
        device.disconnect();
    }

    @Test
    void aServiceWithTheSecretConnectsAndOneWithoutItIsRefused(RunningServer server) {
        Mqtt3BlockingClient service = server.service("ingest", RunningServer.SERVICE_SECRET);
        service.connect();
        assertThat(service.getState().isConnected()).isTrue();
        service.disconnect();

        assertThatThrownBy(() -> server.service("ingest", "not-the-service-secret!!").connect())
                .isInstanceOf(Mqtt3ConnAckException.class);
        // A client id that is not the service's own name is refused too.
        assertThatThrownBy(() -> server.device("svc:other", "svc:ingest", RunningServer.SERVICE_SECRET).connect())
                .isInstanceOf(Mqtt3ConnAckException.class);
        // A machine's token is no service secret.
        assertThatThrownBy(() -> server.service("ingest", machine.deviceToken()).connect())
                .isInstanceOf(Mqtt3ConnAckException.class);
        assertThat(server.server().metrics().scrape())
                .contains("vendhub_broker_auth_denied_total{reason=\"bad_service_secret\"}")
                .contains("vendhub_broker_auth_denied_total{reason=\"client_id_mismatch\"}");
    }

    @Test
    void aServiceReadsEveryMachineAndWritesAcksCommandsAndEventsButNoTelemetry(RunningServer server) throws Exception {
        Mqtt3BlockingClient recorder = server.service("record", RunningServer.SERVICE_SECRET);
        recorder.connect();
        assertThat(subscribe(recorder, TOPICS.allMachines(MachineTopicKind.TELEMETRY)))
                .isNotEqualTo(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(subscribe(recorder, TOPICS.allEvents())).isNotEqualTo(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(subscribe(recorder, "#")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
        assertThat(subscribe(recorder, "$SYS/#")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);

        try (Mqtt3BlockingClient.Mqtt3Publishes seen = recorder.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            // Machine telemetry reaches the service...
            Mqtt3BlockingClient device = server.connectDevice(machine);
            UUID id = machine.machine().id();
            device.publishWith().topic(TOPICS.telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Readings.telemetry(id, Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS), 5, 800))
                    .send();
            Mqtt3Publish telemetry = seen.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(telemetry.getTopic().toString()).isEqualTo(TOPICS.telemetry(id));

            // ...a command from a backend service reaches the machine...
            Mqtt3BlockingClient backend = server.service("backend", RunningServer.SERVICE_SECRET);
            backend.connect();
            try (Mqtt3BlockingClient.Mqtt3Publishes commands = device.publishes(
                    com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                assertThat(subscribe(device, TOPICS.commands(id))).isNotEqualTo(Mqtt3SubAckReturnCode.FAILURE);
                backend.publishWith().topic(TOPICS.commands(id)).qos(MqttQos.AT_LEAST_ONCE)
                        .payload("{\"id\":\"1\",\"command\":\"reboot\",\"args\":{}}".getBytes(StandardCharsets.UTF_8))
                        .send();
                assertThat(commands.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString())
                        .isEqualTo(TOPICS.commands(id));
            }
            // ...and so does a backend event to its subscribers.
            String room = "org:" + machine.machine().organizationId();
            backend.publishWith().topic(TOPICS.event(room)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"event\":\"notification\",\"data\":{}}".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(seen.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString())
                    .isEqualTo(TOPICS.event(room));

            // A service may not speak for a machine: its telemetry is refused and stored nowhere.
            UUID otherId = other.machine().id();
            backend.toAsync().publishWith().topic(TOPICS.telemetry(otherId)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Readings.telemetry(otherId, Instant.now().minusSeconds(5), 5, 800)).send();
            backend.toAsync().publishWith().topic(TOPICS.status(otherId)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"status\":\"error\"}".getBytes(StandardCharsets.UTF_8)).send();
            // The machine's own reading after it proves the refused ones had their chance.
            device.publishWith().topic(TOPICS.telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Readings.telemetry(id, Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.MILLIS), 5, 700))
                    .send();
            seen.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + otherId + "'")).isZero();
            assertThat(server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id = '" + otherId
                    + "' AND status = 'error'")).isZero();
            assertThat(backend.getState().isConnected()).isTrue();
            backend.disconnect();
            device.disconnect();
        }
        recorder.disconnect();
    }

    @Test
    void aLastWillOnAnotherMachinesTopicIsRefusedAtConnectAndChangesNothing(RunningServer server) {
        ProvisionedMachine target = server.provision(machine.machine().organizationId(), "victim");
        Mqtt3BlockingClient victim = server.connectDevice(target);
        UUID victimId = target.machine().id();
        await().atMost(WAIT).until(() -> server.server().ingest().status().current(victimId)
                .map(c -> c.status() == MachineStatus.ONLINE).orElse(false));

        String id = machine.machine().id().toString();
        Mqtt3BlockingClient attacker = com.hivemq.client.mqtt.mqtt3.Mqtt3Client.builder().identifier(id)
                .serverHost("127.0.0.1").serverPort(server.server().mqttPort())
                .simpleAuth().username(id).password(machine.deviceToken().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .willPublish().topic(TOPICS.status(victimId)).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(("{\"status\":\"offline\",\"timestamp\":\"" + Instant.now() + "\"}")
                        .getBytes(StandardCharsets.UTF_8)).applyWillPublish()
                .buildBlocking();
        // Refused before a session (and its Will) exists: CONNACK 0x05 (ConnectGuard).
        assertThatThrownBy(attacker::connect).isInstanceOfSatisfying(
                com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException.class,
                e -> assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(
                        com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
        assertThat(server.server().metrics().scrape()).contains("vendhub_broker_will_refused_total 1.0");
        // No Will fired: the victim is still online with no offline change stored.
        assertThat(server.server().ingest().status().current(victimId).orElseThrow().status())
                .isEqualTo(MachineStatus.ONLINE);
        assertThat(server.count("SELECT count(*) FROM machine_status_changes WHERE machine_id = '" + victimId
                + "' AND status = 'offline'")).isZero();
        assertThat(victim.getState().isConnected()).isTrue();
        victim.disconnect();
    }

    @Test
    void aLastWillOnItsOwnStatusTopicIsFine(RunningServer server) {
        ProvisionedMachine own = server.provision(UUID.randomUUID(), "own will");
        UUID id = own.machine().id();
        Mqtt3BlockingClient device = com.hivemq.client.mqtt.mqtt3.Mqtt3Client.builder().identifier(id.toString())
                .serverHost("127.0.0.1").serverPort(server.server().mqttPort())
                .simpleAuth().username(id.toString()).password(own.deviceToken().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .willPublish().topic(TOPICS.status(id)).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("{\"status\":\"offline\"}".getBytes(StandardCharsets.UTF_8)).applyWillPublish()
                .buildBlocking();
        String refusedBefore = willRefusals();
        device.connect();
        // Interceptors see events in order on one thread: once the reading is stored, the connect was checked.
        Instant ts = Instant.now().minusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        device.publishWith().topic(TOPICS.telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Readings.telemetry(id, ts, 5, 500)).send();
        await().atMost(WAIT).until(() -> server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + id
                + "' AND ts = '" + ts + "'") == 1);
        assertThat(willRefusals()).isEqualTo(refusedBefore);
        assertThat(device.getState().isConnected()).isTrue();
        device.disconnect();
    }

    private static String willRefusals() {
        return vendhub.server().server().metrics().scrape().lines()
                .filter(l -> l.startsWith("vendhub_broker_will_refused_total")).findFirst().orElse("");
    }

    private static double deniedPublishes(String scrape) {
        return scrape.lines().filter(l -> l.startsWith("vendhub_broker_acl_denied_total{action=\"publish\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
