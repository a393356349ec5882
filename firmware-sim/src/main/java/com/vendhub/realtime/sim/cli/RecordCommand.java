package com.vendhub.realtime.sim.cli;

import com.vendhub.realtime.schema.config.MqttUrl;
import com.vendhub.realtime.schema.topics.MachineTopicKind;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.record.Recorder;
import com.vendhub.realtime.sim.record.RecorderSettings;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vendhub-sim record}: writes what machines publish to a JSON Lines file, with service credentials. */
@Command(name = "record", mixinStandardHelpOptions = true, versionProvider = SimVersion.class,
        description = "Subscribe with service credentials and write what machines publish to a JSON Lines file.",
        usageHelpAutoWidth = true)
public final class RecordCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RecordCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--service-name", description = "Service client name (username svc:<name>).")
    String serviceName = "record";

    @Option(names = {"--mqtt-service-secret", "--service-secret"},
            description = "The platform's MQTT service secret, as vendhub serve has it.")
    String serviceSecret;

    @Option(names = "--topic", description = "Topic filter to record; repeatable. "
            + "Default: every machine's telemetry and status.")
    List<String> topicFilters;

    @Option(names = {"--out", "-o"}, description = "File to write (appended to).")
    Path out = Path.of("recording.jsonl");

    @Option(names = "--duration", description = "Stop after this long; PT0S records until interrupted.")
    Duration duration = Duration.ZERO;

    @Option(names = "--progress-every", description = "How often a progress line is printed.")
    Duration progressEvery = ProgressReporter.DEFAULT_PERIOD;

    @Override
    public Integer call() throws Exception {
        // Checked here, not with picocli's "required": a value from the environment counts too.
        if (serviceSecret == null || serviceSecret.isBlank()) {
            throw new ParameterException(spec.commandLine(), "Missing required option --mqtt-service-secret");
        }
        MqttUrl url = broker.url();
        TopicScheme topics = new TopicScheme(broker.topicPrefix());
        List<String> filters = topicFilters == null || topicFilters.isEmpty()
                ? List.of(topics.allMachines(MachineTopicKind.TELEMETRY), topics.allMachines(MachineTopicKind.STATUS))
                : topicFilters;
        RecorderSettings settings = new RecorderSettings(url.host(), url.port(), url.tls(), serviceName,
                serviceSecret, filters, Duration.ofSeconds(10));
        BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vendhub-sim-record-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long start = System.nanoTime();
        Recorder recorder = new Recorder(settings, writer, Clock.systemUTC());
        try {
            recorder.start();
            long deadline = duration.isZero() ? Long.MAX_VALUE : start + duration.toNanos();
            long last = 0;
            while (System.nanoTime() < deadline) {
                long wait = Math.min(progressEvery.toNanos(), deadline - System.nanoTime());
                if (stop.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                    break;
                }
                recorder.flush();
                long now = recorder.recorded();
                log.info(String.format(Locale.ROOT, "recorded %d messages (%.1f/s), %d write errors", now,
                        (now - last) / (progressEvery.toMillis() / 1000.0), recorder.writeErrors()));
                last = now;
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            spec.commandLine().getErr().println("vendhub-sim record: cannot subscribe at " + url + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            return 1;
        } finally {
            recorder.close();
            log.info(String.format(Locale.ROOT, "Summary: %d messages recorded to %s in %.1f s; %d write errors",
                    recorder.recorded(), out, (System.nanoTime() - start) / 1e9, recorder.writeErrors()));
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        return 0;
    }
}
