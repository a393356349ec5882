package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.broker.testing.PostgresSettings;
import com.vendhub.realtime.broker.testing.RunningServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vendhub serve} without {@code --db-url} and without a durability option runs its embedded
 * PostgreSQL durably: the database it actually writes to reports fsync, synchronous_commit and
 * full_page_writes on (docs/architecture.md, "The database really commits"). Before that it reported fsync
 * off, synchronous_commit off, full_page_writes on (zonky's {@code -F} and {@code -c synchronous_commit=off}).
 */
class DurableDefaultInstallTest {

    @Test
    void theDefaultServerWritesToADurableDatabase(@TempDir Path data) throws Exception {
        try (VendhubServer server = VendhubServer.start(RunningServer.loopback(data), Clock.systemUTC())) {
            assertThat(PostgresSettings.durability(server.jdbcUrl() + "?user=postgres"))
                    .isEqualTo(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
        }
    }
}
