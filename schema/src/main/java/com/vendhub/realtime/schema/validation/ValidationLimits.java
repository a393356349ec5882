package com.vendhub.realtime.schema.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * Every bound applied to a device payload, each a documented setting (docs/architecture.md, "Bounds";
 * docs/protocol.md, "Telemetry validation").
 *
 * @param maxPayloadBytes      larger payloads are dead-lettered unread (contract: 64 KiB)
 * @param maxBunkers           bunkers per reading; a real machine has a handful
 * @param maxErrors            errors per reading
 * @param maxTextLength        longest ingredient name, error code or error message accepted
 * @param lowLevelPercent      a bunker below this percentage raises {@code lowLevelAlert}
 * @param maxFutureSkew        how far ahead of the server clock any time of a reading ({@code timestamp},
 *                             {@code lastSale}, {@code errors[].occurredAt}) may be
 * @param minTemperature       lowest plausible temperature, degrees Celsius
 * @param maxTemperature       highest plausible temperature, degrees Celsius
 * @param earliestDeviceTime   no time of a reading may be before this instant: it catches device clocks
 *                             that reset (1970, GPS 1980, NTP 1900, year 0) and keeps every time inside
 *                             PostgreSQL's {@code timestamptz} range; late readings from an offline buffer
 *                             are far younger than the default, 2000-01-01T00:00:00Z
 */
public record ValidationLimits(
        int maxPayloadBytes,
        int maxBunkers,
        int maxErrors,
        int maxTextLength,
        double lowLevelPercent,
        Duration maxFutureSkew,
        double minTemperature,
        double maxTemperature,
        Instant earliestDeviceTime) {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    /** The default of {@link #earliestDeviceTime()}: a device clock that reset reads 1970 or 2000. */
    public static final Instant DEFAULT_EARLIEST_DEVICE_TIME = Instant.parse("2000-01-01T00:00:00Z");

    public ValidationLimits {
        if (earliestDeviceTime == null || maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("the time window of readings needs an earliest time and a skew >= 0");
        }
    }

    /** The defaults docs/protocol.md, "Telemetry validation" documents. */
    public static ValidationLimits defaults() {
        return new ValidationLimits(DEFAULT_MAX_PAYLOAD_BYTES, 32, 64, 1024, 20.0, Duration.ofMinutes(10), -60.0, 150.0,
                DEFAULT_EARLIEST_DEVICE_TIME);
    }

    public ValidationLimits withLowLevelPercent(double percent) {
        return new ValidationLimits(maxPayloadBytes, maxBunkers, maxErrors, maxTextLength, percent, maxFutureSkew,
                minTemperature, maxTemperature, earliestDeviceTime);
    }

    public ValidationLimits withMaxPayloadBytes(int bytes) {
        return new ValidationLimits(bytes, maxBunkers, maxErrors, maxTextLength, lowLevelPercent, maxFutureSkew,
                minTemperature, maxTemperature, earliestDeviceTime);
    }

    /** A copy in which no time of a reading may be before {@code earliest}. */
    public ValidationLimits withEarliestDeviceTime(Instant earliest) {
        return new ValidationLimits(maxPayloadBytes, maxBunkers, maxErrors, maxTextLength, lowLevelPercent,
                maxFutureSkew, minTemperature, maxTemperature, earliest);
    }
}
