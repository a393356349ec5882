package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.fleet.FleetSimulator;
import com.vendhub.realtime.sim.fleet.SimulatorConfig;
import com.vendhub.realtime.sim.record.Recorder;
import com.vendhub.realtime.sim.record.RecorderSettings;
import com.vendhub.realtime.sim.record.RecordedMessage;
import com.vendhub.realtime.sim.record.RecordingFormat;
import com.vendhub.realtime.sim.replay.MachineMapping;
import com.vendhub.realtime.sim.replay.ReplayReport;
import com.vendhub.realtime.sim.replay.ReplaySettings;
import com.vendhub.realtime.sim.replay.Replayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated fleet publishes through the broker while {@code vendhub-sim record} captures it; the
 * recording is then replayed, as fast as possible, into a second fleet provisioned for the purpose,
 * and the database holds the same readings for the second fleet as for the first.
 */
class RecordReplayRoundTripTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int MACHINES = 3;
    private static final int READINGS_AT_LEAST = 12;
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void aRecordingReplayedIntoAnotherFleetStoresTheSameRows(RunningServer server, @TempDir Path dir) throws Exception {
        UUID org = UUID.randomUUID();
        List<DeviceCredentials> original = provision(org, "original");
        List<DeviceCredentials> replica = provision(org, "replica");
        Path file = dir.resolve("fleet.jsonl");

        // 1. Record while the original fleet runs.
        Recorder recorder = new Recorder(new RecorderSettings("127.0.0.1", server.server().mqttPort(), false, "record",
                RunningServer.SERVICE_SECRET, List.of(TOPICS.allMachines(MachineTopicKind.TELEMETRY),
                TOPICS.allMachines(MachineTopicKind.STATUS)), Duration.ofSeconds(10)),
                Files.newBufferedWriter(file, StandardCharsets.UTF_8), Clock.systemUTC());
        recorder.start();
        String originalIds = inList(original);
        FleetSimulator fleet = new FleetSimulator(SimulatorConfig.builder("127.0.0.1", server.server().mqttPort())
                .publishInterval(Duration.ofMillis(100)).seed(7).build(), original);
        try (fleet) {
            fleet.start();
            // Every machine of the fleet in the recording: each has readings stored, not just the fleet in total
            // (a machine that connected late once left the recording with two machines of three).
            await().atMost(WAIT).until(() -> server.count("SELECT count(*) FROM (SELECT machine_id FROM telemetry "
                    + "WHERE machine_id IN (" + originalIds + ") GROUP BY machine_id HAVING count(*) >= "
                    + READINGS_AT_LEAST / MACHINES + ") m") == MACHINES);
        }
        // Commits trail the broker's PUBACKs (spool, batch): wait until every published reading is stored.
        long stored = fleet.stats().published();
        await().atMost(WAIT).until(() -> server.count("SELECT count(*) FROM telemetry WHERE machine_id IN ("
                + originalIds + ")") == stored);
        // Every reading the database has, the recorder has too (it hears what ingest hears).
        await().atMost(WAIT).until(() -> recordedTelemetry(file, recorder) == stored);
        recorder.close();
        assertThat(recordedTelemetry(file)).isEqualTo(stored);

        // 2. Replay into the replica fleet, mapped in order of appearance.
        List<RecordedMessage> recording = readAll(file);
        Replayer replayer = new Replayer(new ReplaySettings("127.0.0.1", server.server().mqttPort(), false, "vendhub",
                0, ReplaySettings.DEFAULT_MAX_IN_FLIGHT, Duration.ofSeconds(2), Duration.ofSeconds(10)));
        MachineMapping mapping = MachineMapping.of(replayer.machinesOf(recording), Map.of(), replica);
        ReplayReport report = replayer.replay(recording, mapping, Duration.ofSeconds(30), p -> { });
        assertThat(report.machines()).isEqualTo(MACHINES);
        assertThat(report.failed()).isZero();
        assertThat(report.telemetrySent()).isEqualTo(stored);

        // 3. The same rows, machine by machine.
        String replicaIds = inList(replica);
        await().atMost(WAIT).until(() -> server.count("SELECT count(*) FROM telemetry WHERE machine_id IN ("
                + replicaIds + ")") == stored);
        for (DeviceCredentials source : original) {
            UUID target = mapping.target(source.machineId()).machineId();
            assertThat(rows(target)).isNotEmpty().isEqualTo(rows(source.machineId()));
            assertThat(bunkerRows(target)).isNotEmpty().isEqualTo(bunkerRows(source.machineId()));
        }
    }

    private static List<DeviceCredentials> provision(UUID org, String name) {
        List<DeviceCredentials> out = new ArrayList<>();
        for (int i = 0; i < MACHINES; i++) {
            ProvisionedMachine m = vendhub.server().provision(org, name + " " + i);
            out.add(new DeviceCredentials(m.machine().id(), m.deviceToken()));
        }
        return out;
    }

    private static String inList(List<DeviceCredentials> machines) {
        return String.join(",", machines.stream().map(d -> "'" + d.machineId() + "'").toList());
    }

    private static long recordedTelemetry(Path file, Recorder recorder) throws Exception {
        recorder.flush();
        return recordedTelemetry(file);
    }

    private static long recordedTelemetry(Path file) throws Exception {
        return readAll(file).stream().filter(m -> m.topic().endsWith("/telemetry")).count();
    }

    private static List<RecordedMessage> readAll(Path file) throws Exception {
        RecordingFormat format = new RecordingFormat();
        List<RecordedMessage> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(format.read(line));
            }
        }
        out.sort(Comparator.comparing(RecordedMessage::timestamp));
        return out;
    }

    /** A machine's stored readings, without the machine id and the arrival time. */
    private static List<String> rows(UUID machineId) throws Exception {
        // Cast on the server: pgjdbc's binary transfer (after a few executions) would print 9 as "9.0".
        return query("SELECT ts::text, status, temperature::text, humidity::text, uptime_s::text, last_sale::text "
                + "FROM telemetry "
                + "WHERE machine_id = ? ORDER BY ts", machineId, 6);
    }

    private static List<String> bunkerRows(UUID machineId) throws Exception {
        return query("SELECT ts::text, bunker_id::text, ingredient_name, current_level::text, max_level::text, "
                + "percentage::text, low_level::text "
                + "FROM bunker_levels WHERE machine_id = ? ORDER BY ts, bunker_id", machineId, 7);
    }

    private static List<String> query(String sql, UUID machineId, int columns) throws Exception {
        try (Connection c = vendhub.server().server().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, machineId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(rs.getString(i)).append('|');
                    }
                    out.add(row.toString());
                }
                return out;
            }
        }
    }
}
