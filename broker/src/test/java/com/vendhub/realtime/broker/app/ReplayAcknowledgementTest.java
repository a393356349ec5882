package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.record.RecordedMessage;
import com.vendhub.realtime.sim.replay.MachineMapping;
import com.vendhub.realtime.sim.replay.ReplayReport;
import com.vendhub.realtime.sim.replay.ReplaySettings;
import com.vendhub.realtime.sim.replay.Replayer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replay counts acknowledgements as the contract shapes them ({@code {"timestamps": [...]}} on the
 * machine's {@code ack} topic). A service client stands in for the platform's acknowledger here, so
 * the counting is tested whether or not the platform publishes acks itself; a reading acknowledged
 * twice counts once.
 */
class ReplayAcknowledgementTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void acknowledgedReadingsAreCountedOnce(RunningServer server) throws Exception {
        ProvisionedMachine m = server.provision(UUID.randomUUID(), "acked");
        UUID id = m.machine().id();
        ObjectMapper json = new ObjectMapper();
        Mqtt3BlockingClient acker = server.service("acker", RunningServer.SERVICE_SECRET);
        acker.connect();
        acker.toAsync().subscribeWith().topicFilter(TOPICS.allMachines(MachineTopicKind.TELEMETRY))
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> {
                    try {
                        String ts = json.readTree(p.getPayloadAsBytes()).path("timestamp").asText();
                        String machine = p.getTopic().getLevels().get(2);
                        byte[] ack = ("{\"timestamps\":[\"" + ts + "\"]}").getBytes(StandardCharsets.UTF_8);
                        for (int i = 0; i < 2; i++) {
                            acker.toAsync().publishWith().topic(TOPICS.ack(UUID.fromString(machine)))
                                    .qos(MqttQos.AT_LEAST_ONCE).payload(ack).send();
                        }
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .send().get();

        List<RecordedMessage> recording = new ArrayList<>();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        for (int i = 0; i < 5; i++) {
            Instant ts = base.plusSeconds(i);
            recording.add(new RecordedMessage(TOPICS.telemetry(id), ts, false, Readings.telemetry(id, ts, 5, 900 - i)));
        }
        Replayer replayer = new Replayer(new ReplaySettings("127.0.0.1", server.server().mqttPort(), false, "vendhub",
                0, ReplaySettings.DEFAULT_MAX_IN_FLIGHT, Duration.ofSeconds(20), Duration.ofSeconds(10)));
        ReplayReport report = replayer.replay(recording,
                MachineMapping.of(replayer.machinesOf(recording), Map.of(), List.of(new DeviceCredentials(id,
                        m.deviceToken()))), Duration.ofSeconds(30), p -> { });

        assertThat(report.telemetrySent()).isEqualTo(5);
        assertThat(report.acknowledged()).isEqualTo(5);
        assertThat(report.failed()).isZero();
        acker.disconnect();
    }
}
