package com.vendhub.realtime.broker.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.broker.testing.RunningServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, "Health" (liveness): a heap exhausted by a CONNECT flood killed the writer, events and database-check
 * threads while {@code /health/live} still answered 200, so no supervisor restarted the process. Now a
 * dead critical worker thread or an {@link OutOfMemoryError} on any thread makes it answer 503.
 */
class LivenessEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aDeadCriticalWorkerThreadFailsLiveness() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (RunningServer server = RunningServer.start()) {
            assertThat(live(server)).isEqualTo(200);
            List<Thread> check = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.getName().equals("database-check")).toList();
            assertThat(check).as("this server's database-check thread").hasSize(1);
            check.get(0).interrupt(); // its loop ends on an interrupt: a worker that died
            await().atMost(WAIT).until(() -> !check.get(0).isAlive());

            assertThat(live(server)).isEqualTo(503);
        }
    }

    @Test
    void anOutOfMemoryErrorOnAnyThreadFailsLiveness() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            assertThat(live(server)).isEqualTo(200);
            Thread hog = new Thread(() -> {
                long[] tooLarge = new long[Integer.MAX_VALUE]; // a real OutOfMemoryError, thrown by the JVM
                tooLarge[0] = 1;
            }, "memory-hog");
            hog.start();
            hog.join();

            assertThat(live(server)).isEqualTo(503);
        }
    }

    private static int live(RunningServer server) {
        return server.get("/health/live", null).statusCode();
    }
}
