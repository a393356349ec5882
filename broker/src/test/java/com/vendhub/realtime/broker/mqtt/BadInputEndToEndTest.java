package com.vendhub.realtime.broker.mqtt;

import static com.vendhub.realtime.broker.testing.Readings.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device that sends garbage: nothing is stored as telemetry, everything is dead-lettered with its
 * reason, nothing crashes, and the device stays connected and can go on publishing.
 */
class BadInputEndToEndTest {

    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void garbageIsDeadLetteredAndTheDeviceStaysConnected(RunningServer server) {
        ProvisionedMachine m = server.provision(UUID.randomUUID(), "noisy");
        UUID id = m.machine().id();
        Mqtt3BlockingClient device = server.connectDevice(m);

        publish(device, id, "not json at all".getBytes(StandardCharsets.UTF_8));
        publish(device, id, "{\"machineId\":\"%s\",\"timestamp\":\"yesterday\"}".formatted(id).getBytes(StandardCharsets.UTF_8));
        publish(device, id, Readings.telemetry(UUID.randomUUID(), Instant.now(), 5, 100));
        publish(device, id, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        byte[] huge = new byte[100 * 1024];
        Arrays.fill(huge, (byte) '{');
        publish(device, id, huge);

        String where = " WHERE client_id = '" + id + "'";
        await().until(() -> server.count("SELECT count(*) FROM dead_letters" + where) == 5);
        assertThat(server.count("SELECT count(*) FROM dead_letters" + where + " AND reason = 'not_json'")).isEqualTo(2);
        assertThat(server.count("SELECT count(*) FROM dead_letters" + where + " AND reason = 'invalid_field'")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM dead_letters" + where + " AND reason = 'machine_mismatch'")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM dead_letters" + where + " AND reason = 'too_large' "
                + "AND payload_size = 102400")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + id + "'")).isZero();

        assertThat(device.getState().isConnected()).isTrue();
        publish(device, id, Readings.telemetry(id, Instant.now(), 6, 1500));
        await().until(() -> server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + id + "'") == 1);
        assertThat(server.server().metrics().scrape())
                .contains("vendhub_ingest_rejected_total{reason=\"too_large\"} 1.0");
        device.disconnect();
    }
}
