package com.vendhub.realtime.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.topics.MachineTopic;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.schema.validation.TelemetryValidator;
import com.vendhub.realtime.schema.validation.ValidationLimits;
import com.vendhub.realtime.schema.validation.ValidationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final TopicScheme TOPICS = TopicScheme.defaults();
    private final ObjectMapper mapper = WireJson.newObjectMapper();
    private final TelemetryValidator validator = new TelemetryValidator(ValidationLimits.defaults(), Clock.systemUTC());

    @Test
    void fiftyMachinesConnectAnnounceThemselvesPublishContractTelemetryAndSayGoodbye() throws Exception {
        List<DeviceCredentials> devices = devices(50);
        Set<UUID> ids = devices.stream().map(DeviceCredentials::machineId).collect(Collectors.toSet());
        try (MoquetteBroker broker = MoquetteBroker.start()) {
            // A long interval: any telemetry seen below is the first reading, which must not wait for it.
            SimulatorConfig config = SimulatorConfig.builder("127.0.0.1", broker.port())
                    .publishInterval(Duration.ofMinutes(10))
                    .build();
            FleetSimulator fleet = new FleetSimulator(config, devices);
            try {
                fleet.start();
                assertThat(fleet.stats().connected()).isEqualTo(50);

                Await.until(GENEROUS, () -> machinesWith(broker, MachineTopicKind.TELEMETRY).containsAll(ids),
                        () -> "telemetry from " + machinesWith(broker, MachineTopicKind.TELEMETRY).size() + " of 50");
                Await.until(GENEROUS, () -> fleet.stats().published() >= 50, () -> "stats " + fleet.stats());

                for (MoquetteBroker.Received r : broker.received()) {
                    MachineTopic topic = TOPICS.parseMachineTopic(r.topic()).orElseThrow();
                    assertThat(ids).contains(topic.machineId());
                    assertThat(r.clientId()).isEqualTo(topic.machineId().toString());
                    assertThat(r.username()).isEqualTo(topic.machineId().toString());
                    assertThat(r.qos()).isEqualTo(1);
                    if (topic.kind() == MachineTopicKind.TELEMETRY) {
                        assertThat(r.retained()).isFalse();
                        ValidationResult<MachineTelemetry> result = validator.validateTelemetry(topic.machineId(), r.payload());
                        assertThat(result).as(new String(r.payload(), StandardCharsets.UTF_8))
                                .isInstanceOf(ValidationResult.Accepted.class);
                        MachineTelemetry t = ((ValidationResult.Accepted<MachineTelemetry>) result).value();
                        assertThat(t.machineId()).isEqualTo(topic.machineId());
                        assertThat(t.bunkers()).hasSizeBetween(4, 6);
                    }
                }

                Map<UUID, List<String>> statuses = statusesByMachine(broker);
                assertThat(statuses.keySet()).containsAll(ids);
                statuses.values().forEach(s -> assertThat(s.get(0)).isEqualTo("online"));
                assertThat(broker.received().stream()
                        .filter(r -> r.topic().endsWith("/status")).allMatch(MoquetteBroker.Received::retained)).isTrue();
                // Online comes first: nothing of a machine reaches the broker before its status.
                Set<UUID> announced = new HashSet<>();
                for (MoquetteBroker.Received r : broker.received()) {
                    MachineTopic topic = TOPICS.parseMachineTopic(r.topic()).orElseThrow();
                    if (topic.kind() == MachineTopicKind.STATUS) {
                        announced.add(topic.machineId());
                    } else {
                        assertThat(announced).as("status before telemetry").contains(topic.machineId());
                    }
                }
            } finally {
                fleet.close();
            }

            assertThat(fleet.stats().connected()).isZero();
            assertThat(fleet.stats().connectFailures()).isZero();
            Await.until(GENEROUS, () -> statusesByMachine(broker).values().stream()
                            .filter(s -> s.get(s.size() - 1).equals("offline")).count() == 50,
                    () -> "offline statuses: " + statusesByMachine(broker));
            Await.until(GENEROUS, () -> liveThreads("vendhub-sim-").isEmpty(),
                    () -> "threads left after close: " + liveThreads("vendhub-sim-"));
        }
    }

    @Test
    void machinesKeepPublishingOnTheirIntervalWithTimestampsMovingForward() throws Exception {
        List<DeviceCredentials> devices = devices(5);
        try (MoquetteBroker broker = MoquetteBroker.start();
             FleetSimulator fleet = new FleetSimulator(SimulatorConfig.builder("127.0.0.1", broker.port())
                     .publishInterval(Duration.ofMillis(100)).jitter(0.5).build(), devices)) {
            fleet.start();
            Await.until(GENEROUS, () -> devices.stream().allMatch(d -> telemetryOf(broker, d.machineId()).size() >= 5),
                    () -> "readings so far: " + fleet.stats());
            for (DeviceCredentials d : devices) {
                List<String> stamps = telemetryOf(broker, d.machineId()).stream().map(n -> n.get("timestamp").asText()).toList();
                assertThat(stamps).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void aRefusedTokenIsCountedAndTheOtherMachinesCarryOn() throws Exception {
        List<DeviceCredentials> devices = devices(3);
        UUID refused = devices.get(1).machineId();
        try (MoquetteBroker broker = MoquetteBroker.start((clientId, username, password) ->
                !clientId.equals(refused.toString()) && new String(password, StandardCharsets.UTF_8).equals("token-" + clientId));
             FleetSimulator fleet = new FleetSimulator(SimulatorConfig.builder("127.0.0.1", broker.port())
                     .connectTimeout(Duration.ofSeconds(5))
                     .reconnectDelays(Duration.ofMillis(200), Duration.ofSeconds(1))
                     .build(), devices)) {
            fleet.start();
            assertThat(fleet.stats().connected()).isEqualTo(2);
            Await.until(GENEROUS, () -> fleet.stats().connectFailures() >= 2, () -> "stats " + fleet.stats());
            Await.until(GENEROUS, () -> machinesWith(broker, MachineTopicKind.TELEMETRY).size() == 2, () -> "telemetry");
            assertThat(machinesWith(broker, MachineTopicKind.TELEMETRY)).doesNotContain(refused);
        }
    }

    @Test
    void startReturnsWhenNoBrokerListensAndCloseIsStillClean() {
        int nobody = MoquetteBroker.freePort();
        try (FleetSimulator fleet = new FleetSimulator(SimulatorConfig.builder("127.0.0.1", nobody)
                .connectTimeout(Duration.ofSeconds(2))
                .build(), devices(10))) {
            fleet.start();
            SimulatorStats stats = fleet.stats();
            assertThat(stats.connected()).isZero();
            assertThat(stats.connectFailures()).isGreaterThanOrEqualTo(10);
            assertThat(stats.published()).isZero();
        }
        Await.until(GENEROUS, () -> liveThreads("vendhub-sim-").isEmpty(),
                () -> "threads left after close: " + liveThreads("vendhub-sim-"));
    }

    @Test
    void closingWithoutStartingAndStartingTwiceAreHandled() {
        FleetSimulator idle = new FleetSimulator(SimulatorConfig.defaults("127.0.0.1", 1883), devices(3));
        idle.close();
        idle.close();
        assertThat(idle.stats()).isEqualTo(new SimulatorStats(0, 0, 0, 0));
        assertThatThrownBy(idle::start).isInstanceOf(IllegalStateException.class);
    }

    private static List<DeviceCredentials> devices(int n) {
        List<DeviceCredentials> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID id = UUID.nameUUIDFromBytes(("fleet-test-" + i).getBytes(StandardCharsets.UTF_8));
            out.add(new DeviceCredentials(id, "token-" + id));
        }
        return out;
    }

    private static Set<UUID> machinesWith(MoquetteBroker broker, MachineTopicKind kind) {
        return broker.received().stream()
                .map(r -> TOPICS.parseMachineTopic(r.topic()).orElseThrow())
                .filter(t -> t.kind() == kind)
                .map(MachineTopic::machineId)
                .collect(Collectors.toSet());
    }

    private Map<UUID, List<String>> statusesByMachine(MoquetteBroker broker) {
        return broker.received().stream()
                .filter(r -> r.topic().endsWith("/status"))
                .collect(Collectors.groupingBy(r -> TOPICS.parseMachineTopic(r.topic()).orElseThrow().machineId(),
                        Collectors.mapping(r -> read(r.payload()).get("status").asText(), Collectors.toList())));
    }

    private List<JsonNode> telemetryOf(MoquetteBroker broker, UUID machineId) {
        String topic = TOPICS.telemetry(machineId);
        return broker.received().stream().filter(r -> r.topic().equals(topic)).map(r -> read(r.payload())).toList();
    }

    private JsonNode read(byte[] payload) {
        try {
            return mapper.readTree(payload);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(prefix))
                .toList();
    }
}
