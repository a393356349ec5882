package com.vendhub.realtime.broker.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.ingest.spool.SpoolPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario: the spool's committed marker is damaged while the server is down (a bit flip moved its
 * offset into the last record of the newest segment). Found by TelemetrySpoolFuzzTest: the batch
 * writer's replay then looped forever at start-up, so after the restart nothing was stored while the
 * machines kept publishing. Recovery now takes the marker back to the record boundary before it.
 * The timeout only turns that hang into a failure.
 */
@Timeout(300)
class DamagedSpoolMarkerTest {

    @RegisterExtension
    final RunningServerExtension vendhub = RunningServerExtension.demo();

    @Test
    void aMarkerDamagedIntoARecordDoesNotStopStorageAfterARestart(RunningServer first) {
        await().atMost(Duration.ofSeconds(60)).until(() -> first.count("SELECT count(*) FROM telemetry") >= 40);

        RunningServer again = vendhub.restart(DamagedSpoolMarkerTest::damageCommittedMarker);
        long before = again.count("SELECT count(*) FROM telemetry");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> again.count("SELECT count(*) FROM telemetry") >= before + 40);
        assertThat(again.server().metrics().find("vendhub.ingest.spool.corrupt").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    /** Moves the spool's committed marker 3 bytes before the end of the newest segment's last record. */
    private static void damageCommittedMarker(Path data) throws IOException {
        Path spool = data.resolve("spool");
        Path newest;
        try (Stream<Path> files = Files.list(spool)) {
            List<Path> segments = files.filter(p -> p.getFileName().toString().endsWith(".seg"))
                    .filter(p -> p.toFile().length() >= 8).sorted(Comparator.reverseOrder()).toList();
            assertThat(segments).as("a segment holding readings").isNotEmpty();
            newest = segments.get(0);
        }
        String name = newest.getFileName().toString();
        long segment = Long.parseLong(name.substring(0, name.length() - ".seg".length()));
        long damaged = SpoolPosition.of(segment, Files.size(newest) - 3);
        Files.write(spool.resolve("committed"), ByteBuffer.allocate(8).putLong(damaged).array());
    }
}
