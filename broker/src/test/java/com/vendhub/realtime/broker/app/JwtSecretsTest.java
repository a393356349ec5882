package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/security.md, "Logs, secrets and stored text": the generated JWT secret file is owner-only from its creation, complete when it
 * appears, never written through a planted link, and the same for two processes starting at once.
 */
class JwtSecretsTest {

    @TempDir
    Path dataDirectory;

    @Test
    void theGeneratedSecretIsAnOwnerOnlyFileWithNothingLeftBehind() throws Exception {
        String secret = JwtSecrets.resolve(null, dataDirectory);

        Path file = dataDirectory.resolve(JwtSecrets.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(secret);
        assertThat(secret.getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(32);
        try (var listing = Files.list(dataDirectory)) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly(JwtSecrets.FILE_NAME);
        }
        assertThat(JwtSecrets.resolve(null, dataDirectory)).as("kept across restarts").isEqualTo(secret);
        assertThat(JwtSecrets.resolve("configured-secret", dataDirectory)).isEqualTo("configured-secret");
    }

    @Test
    void aPlantedLinkIsRefusedAndTheSecretIsNeverWrittenThroughIt() throws Exception {
        Path elsewhere = Files.createDirectory(dataDirectory.resolve("elsewhere"));
        Path target = elsewhere.resolve("stolen");
        Files.createSymbolicLink(dataDirectory.resolve(JwtSecrets.FILE_NAME), target);

        assertThatThrownBy(() -> JwtSecrets.resolve(null, dataDirectory)).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
        assertThat(target).doesNotExist();
    }

    @Test
    void twoProcessesStartingAtOnceUseTheSameSecret() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Path dir = Files.createDirectory(dataDirectory.resolve("round-" + round));
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<String>> both = List.of(
                        pool.submit(() -> { start.await(); return JwtSecrets.resolve(null, dir); }),
                        pool.submit(() -> { start.await(); return JwtSecrets.resolve(null, dir); }));
                String first = both.get(0).get(30, TimeUnit.SECONDS);
                assertThat(both.get(1).get(30, TimeUnit.SECONDS)).isEqualTo(first);
                assertThat(Files.readString(dir.resolve(JwtSecrets.FILE_NAME), StandardCharsets.UTF_8)).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
