package com.vendhub.realtime.schema.validation;

import java.time.Duration;

/**
 * Every bound applied to a device payload, each a documented setting (README, "Bounds").
 *
 * @param maxPayloadBytes      larger payloads are dead-lettered unread (contract: 64 KiB)
 * @param maxBunkers           bunkers per reading; a real machine has a handful
 * @param maxErrors            errors per reading
 * @param maxTextLength        longest ingredient name, error code or error message accepted
 * @param lowLevelPercent      a bunker below this percentage raises {@code lowLevelAlert}
 * @param maxFutureSkew        how far ahead of the server clock a timestamp may be
 * @param minTemperature       lowest plausible temperature, degrees Celsius
 * @param maxTemperature       highest plausible temperature, degrees Celsius
 */
public record ValidationLimits(
        int maxPayloadBytes,
        int maxBunkers,
        int maxErrors,
        int maxTextLength,
        double lowLevelPercent,
        Duration maxFutureSkew,
        double minTemperature,
        double maxTemperature) {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;

    /** The defaults the README documents. */
    public static ValidationLimits defaults() {
        return new ValidationLimits(DEFAULT_MAX_PAYLOAD_BYTES, 32, 64, 1024, 20.0, Duration.ofMinutes(10), -60.0, 150.0);
    }

    public ValidationLimits withLowLevelPercent(double percent) {
        return new ValidationLimits(maxPayloadBytes, maxBunkers, maxErrors, maxTextLength, percent, maxFutureSkew,
                minTemperature, maxTemperature);
    }

    public ValidationLimits withMaxPayloadBytes(int bytes) {
        return new ValidationLimits(bytes, maxBunkers, maxErrors, maxTextLength, lowLevelPercent, maxFutureSkew,
                minTemperature, maxTemperature);
    }
}
