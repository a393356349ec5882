package com.vendhub.realtime.broker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.broker.testing.PostgresSettings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL is durable unless told otherwise (docs/architecture.md, "The
 * database really commits"): the server itself reports {@code fsync}, {@code synchronous_commit} and
 * {@code full_page_writes} on, although the library starts it with {@code -F} and
 * {@code synchronous_commit=off}.
 */
class EmbeddedDatabaseDurabilityTest {

    @Test
    void byDefaultTheServerSyncsEveryCommit(@TempDir Path data) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            assertThat(settings(db)).isEqualTo(Map.of(
                    "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
        }
    }

    @Test
    void fastModeTurnsAllThreeOffAndIsOnlyAskedForByName(@TempDir Path data) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0, EmbeddedDurability.FAST)) {
            assertThat(settings(db)).isEqualTo(Map.of(
                    "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
        }
        assertThat(EmbeddedDurability.parse(" Full ")).isEqualTo(EmbeddedDurability.FULL);
        assertThatThrownBy(() -> EmbeddedDurability.parse("off"))
                .hasMessageContaining("'full' or 'fast'");
    }

    @Test
    void aRestartKeepsTheDurableSettings(@TempDir Path data) throws Exception {
        try (EmbeddedDatabase fast = EmbeddedDatabase.start(data, 0, EmbeddedDurability.FAST)) {
            assertThat(settings(fast)).containsEntry("fsync", "off");
        }
        // The same data directory, started as the product starts it: the settings are per start, not stored.
        try (EmbeddedDatabase again = EmbeddedDatabase.start(data, 0)) {
            assertThat(settings(again)).isEqualTo(Map.of(
                    "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
        }
    }

    private static Map<String, String> settings(EmbeddedDatabase db) throws SQLException {
        return PostgresSettings.durability(db.jdbcUrl() + "?user=postgres");
    }
}
