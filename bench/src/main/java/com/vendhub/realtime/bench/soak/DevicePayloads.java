package com.vendhub.realtime.bench.soak;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Contract-shaped telemetry written by hand (so that a field can be made exactly as wrong as a
 * buggy firmware makes it): one bunker, optional errors, optional {@code lastSale}.
 */
final class DevicePayloads {

    /** The bunker every hand-made reading reports (one per machine: the alert rows key on machine + bunker). */
    static final UUID BUNKER = UUID.fromString("0f0e0d0c-0b0a-4908-8706-0504030205ac");
    static final UUID INGREDIENT = UUID.fromString("1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b75ac");

    private DevicePayloads() {
    }

    /**
     * @param machineId     the {@code machineId} field
     * @param timestamp     the {@code timestamp} field, as written
     * @param ingredient    the bunker's {@code ingredientName}, as written (JSON-escaped by the caller)
     * @param level         grams in the bunker (of 1,000)
     * @param errorsJson    the {@code errors} array's content, e.g. {@code ""}
     * @param lastSale      the {@code lastSale} field as written, or null for none
     */
    static String reading(UUID machineId, String timestamp, String ingredient, double level, String errorsJson,
            String lastSale) {
        return "{\"machineId\":\"" + machineId + "\",\"timestamp\":\"" + timestamp + "\",\"status\":\"online\","
                + "\"temperature\":4.5,\"humidity\":41.0,\"bunkers\":[{\"bunkerId\":\"" + BUNKER + "\","
                + "\"ingredientId\":\"" + INGREDIENT + "\",\"ingredientName\":\"" + ingredient + "\","
                + "\"currentLevel\":" + level + ",\"maxLevel\":1000,\"percentage\":" + level / 10 + ","
                + "\"lowLevelAlert\":false}],\"errors\":[" + errorsJson + "],"
                + (lastSale == null ? "" : "\"lastSale\":\"" + lastSale + "\",") + "\"uptime\":3600}";
    }

    static String error(String code, String message, String severity, String occurredAt) {
        return "{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"severity\":\"" + severity
                + "\",\"occurredAt\":\"" + occurredAt + "\"}";
    }

    static String ok(UUID machineId, Instant at) {
        return reading(machineId, at.toString(), "Coffee beans", 640, "", null);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
