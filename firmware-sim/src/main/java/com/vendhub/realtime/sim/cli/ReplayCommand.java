package com.vendhub.realtime.sim.cli;

import com.vendhub.realtime.schema.config.MqttUrl;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import com.vendhub.realtime.sim.record.RecordedMessage;
import com.vendhub.realtime.sim.record.RecordingFormat;
import com.vendhub.realtime.sim.replay.MachineMapping;
import com.vendhub.realtime.sim.replay.ReplayReport;
import com.vendhub.realtime.sim.replay.ReplaySettings;
import com.vendhub.realtime.sim.replay.Replayer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vendhub-sim replay}: plays a recording back through the broker as the machines of a credentials file. */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = SimVersion.class,
        description = "Play a recording back with the original pacing, --speed N faster, or --speed max; "
                + "reports what was sent and what was acknowledged.",
        usageHelpAutoWidth = true)
public final class ReplayCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ReplayCommand.class);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", description = "The recording (JSON Lines, as vendhub-sim record writes).")
    Path recording;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--credentials", description = "'machineId,token' lines of the machines that replay the recording.")
    Path credentials = Path.of("machines.csv");

    @Option(names = "--map", description = "recordedId=targetId; repeatable. Unmapped machines keep their id when "
            + "the credentials have it, else take the next unused credentials in file order.")
    List<String> map;

    @Option(names = "--speed",
            description = "1 replays with the original pacing, N is N times faster, 'max' as fast as possible.")
    String speed = "1";

    @Option(names = "--ack-wait", description = "After the last message, how long to wait for acknowledgements.")
    Duration ackWait = Duration.ofSeconds(10);

    @Option(names = "--progress-every", description = "How often a progress line is printed.")
    Duration progressEvery = ProgressReporter.DEFAULT_PERIOD;

    @Override
    public Integer call() throws Exception {
        ReplaySettings settings;
        List<RecordedMessage> messages;
        List<DeviceCredentials> devices;
        Map<UUID, UUID> explicit = new HashMap<>();
        try {
            double pace = "max".equalsIgnoreCase(speed.strip()) ? 0 : Double.parseDouble(speed.strip());
            if (pace <= 0 && !"max".equalsIgnoreCase(speed.strip())) {
                throw new IllegalArgumentException("--speed must be positive or 'max'");
            }
            MqttUrl url = broker.url();
            settings = new ReplaySettings(url.host(), url.port(), url.tls(), broker.topicPrefix(), pace,
                    ReplaySettings.DEFAULT_MAX_IN_FLIGHT, ackWait, Duration.ofSeconds(10));
            for (String entry : map == null ? List.<String>of() : map) {
                String[] parts = entry.split("=", -1);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("--map wants recordedId=targetId, got " + entry);
                }
                explicit.put(UUID.fromString(parts[0].strip()), UUID.fromString(parts[1].strip()));
            }
            messages = read(recording);
            devices = CredentialsFile.read(credentials);
        } catch (IllegalArgumentException | CredentialsFileException | IOException e) {
            spec.commandLine().getErr().println("vendhub-sim replay: " + e.getMessage());
            return RunCommand.EXIT_USAGE;
        }
        Replayer replayer = new Replayer(settings);
        MachineMapping mapping;
        try {
            mapping = MachineMapping.of(replayer.machinesOf(messages), explicit, devices);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("vendhub-sim replay: " + e.getMessage());
            return RunCommand.EXIT_USAGE;
        }
        long start = System.nanoTime();
        ReplayReport report = replayer.replay(messages, mapping, progressEvery, p -> log.info(String.format(Locale.ROOT,
                "sent %d (%d telemetry), acknowledged %d, failed %d", p.sent(), p.telemetrySent(), p.acknowledged(),
                p.failed())));
        log.info(report.summary((System.nanoTime() - start) / 1e9));
        return report.sent() == 0 && !messages.isEmpty() ? RunCommand.EXIT_NOTHING_PUBLISHED : 0;
    }

    /** Reads a recording, in timestamp order; a bad line is an error naming it. */
    static List<RecordedMessage> read(Path file) throws IOException {
        RecordingFormat format = new RecordingFormat();
        List<RecordedMessage> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(format.read(line));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ", line " + number + ": " + e.getMessage());
                }
            }
        }
        // Stable: messages recorded in the same instant keep their order.
        out.sort(Comparator.comparing(RecordedMessage::timestamp));
        return out;
    }
}
