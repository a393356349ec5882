package com.vendhub.realtime.schema.migration;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([smhdw])");
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
     * Reads a policy age: {@code 365d}, {@code 12h}, {@code 30m}, {@code 2w}, an ISO-8601 duration
     * ({@code P7D}, {@code PT12H}), or {@code off} (empty).
     */
    public static Optional<Duration> parseAge(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("none")) {
            return Optional.empty();
        }
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
        }
        try {
            return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an age: use 365d, 12h, 30m, 2w, P7D or off");
        }
    }

    /** The placeholders {@link TimescaleMigration} reads. */
    public Map<String, String> placeholders() {
        return Map.of(RETENTION_PLACEHOLDER, retention.map(TimescaleSettings::interval).orElse("off"),
                COMPRESS_AFTER_PLACEHOLDER, compressAfter.map(TimescaleSettings::interval).orElse("off"));
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
