package com.vendhub.realtime.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak in its CI shape ({@link SoakSettings#ci}: 200 machines, 200 dashboards, 80 s, junk and
 * poison, a slow reader) against the real {@code broker/target/vendhub.jar} that the reactor built
 * before this module: proves the harness runs end to end and that every invariant holds.
 */
class SoakRunTest {

    @Test
    void everyInvariantHoldsInAShortSoak(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("user.dir")).resolveSibling("broker").resolve("target").resolve("vendhub.jar");
        assertThat(jar).as("the broker module's shaded jar, built before bench in the reactor").exists();

        SoakRun.Result result = new SoakRun(SoakSettings.ci(dir), jar, System.out::println).run();

        String summary = result.report().markdown();
        System.out.println(summary);
        assertThat(Files.readString(dir.resolve("soak-summary.md"))).isEqualTo(summary);
        assertThat(result.report().invariants()).hasSizeGreaterThanOrEqualTo(13);
        assertThat(result.report().invariants()).allSatisfy(i ->
                assertThat(i.passed()).as("%s: %s%n%s", i.name(), i.detail(), summary).isTrue());
    }
}
