package com.vendhub.realtime.schema.migration;

import com.vendhub.realtime.schema.config.DurationConverter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * TimescaleDB policies of the time-series tables (docs/contract.md, "Storage"); ignored on plain PostgreSQL.
 * Each policy is optional: empty switches it off.
 *
 * @param retention raw rows older than this are dropped (whole chunks), default 365 days; the hourly
 *     aggregates are kept
 * @param compressAfter chunks older than this are compressed (segment by machine, newest first), default 7 days
 */
public record TimescaleSettings(Optional<Duration> retention, Optional<Duration> compressAfter) {

    /** Flyway placeholder carrying the retention as a PostgreSQL interval, or {@code off}. */
    public static final String RETENTION_PLACEHOLDER = "timescaleRetention";
    /** Flyway placeholder carrying the compression age as a PostgreSQL interval, or {@code off}. */
    public static final String COMPRESS_AFTER_PLACEHOLDER = "timescaleCompressAfter";
    /** How far back the hourly aggregates' refresh policy looks; retention must be longer. */
    public static final Duration AGGREGATE_REFRESH_WINDOW = Duration.ofDays(3);

    /** The age that switches a policy off. */
    public static final String OFF = "off";

    private static final Pattern SECONDS = Pattern.compile("(\\d{1,12}) seconds");

    public TimescaleSettings {
        retention.ifPresent(d -> positive("retention", d));
        compressAfter.ifPresent(d -> positive("compress-after", d));
        if (retention.isPresent() && retention.get().compareTo(AGGREGATE_REFRESH_WINDOW) <= 0) {
            // A refresh over a range whose raw rows were dropped would empty the aggregate there.
            throw new IllegalArgumentException("retention must be longer than the aggregates' refresh window ("
                    + AGGREGATE_REFRESH_WINDOW.toDays() + " days)");
        }
    }

    public static TimescaleSettings defaults() {
        return new TimescaleSettings(Optional.of(Duration.ofDays(365)), Optional.of(Duration.ofDays(7)));
    }

    /**
     * Reads a policy age: a duration as every option reads one (ISO-8601 such as {@code P365D}; the
     * former {@code 365d} and {@code 2w} too, docs/configuration.md, "Formats"), or {@code off} (empty).
     */
    public static Optional<Duration> parseAge(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase(OFF)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DurationConverter().convert(t));
        } catch (CommandLine.TypeConversionException e) {
            throw new IllegalArgumentException(e.getMessage() + ", or " + OFF);
        }
    }

    /** A policy age as {@link #parseAge} reads it back: ISO-8601, whole days as {@code P365D}, or {@code off}. */
    public static String ageText(Optional<Duration> age) {
        return age.map(d -> d.toSeconds() % 86_400 == 0 ? "P" + d.toDays() + "D" : d.toString()).orElse(OFF);
    }

    /** The placeholders {@link TimescaleMigration} reads. */
    public Map<String, String> placeholders() {
        return Map.of(RETENTION_PLACEHOLDER, retention.map(TimescaleSettings::interval).orElse(OFF),
                COMPRESS_AFTER_PLACEHOLDER, compressAfter.map(TimescaleSettings::interval).orElse(OFF));
    }

    /** Reads the settings back from Flyway placeholders (defaults where one is missing). */
    static TimescaleSettings fromPlaceholders(Map<String, String> placeholders) {
        TimescaleSettings d = defaults();
        return new TimescaleSettings(
                fromInterval(placeholders.get(RETENTION_PLACEHOLDER), d.retention()),
                fromInterval(placeholders.get(COMPRESS_AFTER_PLACEHOLDER), d.compressAfter()));
    }

    /** A PostgreSQL interval literal in whole seconds, e.g. {@code 604800 seconds}. */
    static String interval(Duration d) {
        return d.toSeconds() + " seconds";
    }

    private static Optional<Duration> fromInterval(String value, Optional<Duration> fallback) {
        if (value == null) {
            return fallback;
        }
        Matcher m = SECONDS.matcher(value);
        // Our own form first; a hand-written Flyway configuration may use any form parseAge reads.
        return m.matches() ? Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1)))) : parseAge(value);
    }

    private static void positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
