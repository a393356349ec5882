package com.vendhub.realtime.schema.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The one reading of a duration on both command lines (docs/configuration.md, "Formats"): ISO-8601
 * ({@code PT5S}, as the contract's {@code horizon=PT8H}) is the documented form; {@code 500ms},
 * {@code 5s}, {@code 3m}, {@code 24h}, {@code 1d}, {@code 2w} and a bare number of seconds are still
 * accepted, because the simulator (and {@code --retention}, in weeks) documented them before the two
 * command lines shared this vocabulary.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d|w)?");

    @Override
    public Duration convert(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("p") || text.startsWith("-p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        }
        Matcher m = SIMPLE.matcher(text);
        if (!m.matches()) {
            throw invalid(value);
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            case "d" -> amount * 86_400_000;
            default -> amount * 7 * 86_400_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private static CommandLine.TypeConversionException invalid(String value) {
        return new CommandLine.TypeConversionException("'" + value
                + "' is not a duration; use ISO-8601 such as PT5S or PT0.5S (5s, 500ms, 3m, 24h are accepted too)");
    }
}
