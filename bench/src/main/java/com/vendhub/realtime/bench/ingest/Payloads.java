package com.vendhub.realtime.bench.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Contract-shaped telemetry with six bunkers, the timestamp being the moment of publishing (so lag =
 * commit - timestamp). Levels stay between 55 % and 100 %: a sawtooth through the low-level threshold
 * would raise and clear an alert on every bunker of every machine every few minutes, hundreds of
 * times what a real fleet does, and measure the alert store instead of ingest.
 */
final class Payloads {

    static final int BUNKERS = 6;
    private static final String[] NAMES = {"Coffee beans", "Sugar", "Milk powder", "Cocoa", "Tea", "Cups"};

    private Payloads() {
    }

    static byte[] telemetry(UUID machineId, Instant timestamp, long sequence) {
        StringBuilder b = new StringBuilder(1200);
        b.append("{\"machineId\":\"").append(machineId).append("\",\"timestamp\":\"").append(timestamp)
                .append("\",\"status\":\"online\",\"temperature\":").append(4 + (sequence % 7) * 0.1)
                .append(",\"humidity\":45.5,\"bunkers\":[");
        for (int i = 0; i < BUNKERS; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"bunkerId\":\"00000000-0000-4000-8000-00000000000").append(i)
                    .append("\",\"ingredientId\":\"00000000-0000-4000-9000-00000000000").append(i)
                    .append("\",\"ingredientName\":\"").append(NAMES[i]).append("\",\"currentLevel\":")
                    .append(2000 - (sequence % 900)).append(",\"maxLevel\":2000,\"percentage\":50,\"lowLevelAlert\":false}");
        }
        b.append("],\"errors\":[],\"uptime\":").append(sequence).append('}');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
