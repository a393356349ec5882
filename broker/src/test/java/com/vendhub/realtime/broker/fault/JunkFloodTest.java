package com.vendhub.realtime.broker.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.ingest.EventWriterSettings;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/security.md, "Dead letters cannot crowd out what matters": one machine floods 30,000 invalid messages while 20 other machines connect and
 * disconnect. On main the dead letters filled the one 10,000-entry write queue and bystanders' status
 * changes were refused. Now status changes have their own queue and go first, and the flooder's dead
 * letters are capped by its budget per minute, the rest counted. The server runs with its defaults.
 */
class JunkFloodTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    private static final int FLOOD = 30_000;
    private static final int BYSTANDERS = 20;
    private static final int BUDGET = EventWriterSettings.DEFAULT_DEAD_LETTER_BUDGET_PER_MINUTE;
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void aJunkFloodFromOneMachineLosesNoOtherMachinesStatusChange() throws Exception {
        ProvisionedMachine flooder = vendhub.server().provision(UUID.randomUUID(), "flooder");
        UUID floodId = flooder.machine().id();
        List<ProvisionedMachine> bystanders = new ArrayList<>();
        for (int i = 0; i < BYSTANDERS; i++) {
            bystanders.add(vendhub.server().provision(UUID.randomUUID(), "bystander-" + i));
        }
        Mqtt3BlockingClient device = vendhub.server().connectDevice(flooder);
        Mqtt3AsyncClient async = device.toAsync();
        byte[] junk = "junk, not JSON".getBytes(StandardCharsets.UTF_8);
        long startedAt = System.nanoTime();
        // The flood goes out in one burst per bystander, and each bystander connects and disconnects while
        // its burst is still arriving, so that every status change meets the flood in the server's queues.
        List<CompletableFuture<?>> sent = new ArrayList<>(FLOOD);
        for (ProvisionedMachine bystander : bystanders) {
            for (int i = 0; i < FLOOD / BYSTANDERS; i++) {
                sent.add(async.publishWith().topic(TOPICS.telemetry(floodId)).qos(MqttQos.AT_MOST_ONCE)
                        .payload(junk).send());
            }
            vendhub.server().connectDevice(bystander).disconnect();
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
        await().atMost(Duration.ofSeconds(120)).until(
                () -> vendhub.server().metric("vendhub_ingest_rejected_total{reason=\"not_json\"") >= FLOOD);

        String ids = bystanders.stream().map(m -> "'" + m.machine().id() + "'").reduce((a, b) -> a + "," + b)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(
                vendhub.server().count("SELECT count(*) FROM machine_status_changes WHERE machine_id IN (" + ids + ")"))
                .as("bystanders' status changes stored (online and offline each)").isEqualTo(2L * BYSTANDERS));
        long minutes = Duration.ofNanos(System.nanoTime() - startedAt).toMinutes() + 1;

        // Every junk message is counted; at most the budget per minute is stored, the rest only counted.
        await().atMost(Duration.ofSeconds(60)).until(
                () -> vendhub.server().metric("vendhub_ingest_serial_queue_depth") == 0);
        long stored = vendhub.server().count("SELECT count(*) FROM dead_letters WHERE client_id = '" + floodId + "'");
        double overBudget = vendhub.server().metric("vendhub_ingest_deadletters_over_budget_total");
        double bulkFull = vendhub.server().metric("vendhub_ingest_serial_queue_full_total{lane=\"bulk\"");
        assertThat(stored).isBetween((long) BUDGET, BUDGET * (minutes + 1));
        assertThat(stored + overBudget + bulkFull).isEqualTo((double) FLOOD);
        assertThat(vendhub.server().metric("vendhub_ingest_serial_queue_full_total{lane=\"important\"")).isZero();
        device.disconnect();
    }
}
