package com.vendhub.realtime.broker.history;

import com.vendhub.realtime.schema.testing.TestDatabase;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Known stored readings for history tests: {@code count} readings a minute apart from {@code start},
 * reading {@code i} with temperature {@code i}, humidity 40 (even i) or 41 (odd i), a Sugar bunker at
 * {@code 2000 - 10 i} grams (max 2000) and a Coffee bunker at 900 grams (max 1000) whose ingredient is
 * renamed "Espresso beans" from reading 3 on.
 */
final class HistoryRows {

    static final UUID SUGAR = UUID.fromString("0f0e0d0c-0b0a-4908-8706-050403020100");
    static final UUID COFFEE = UUID.fromString("0f0e0d0c-0b0a-4908-8706-050403020101");

    private HistoryRows() {
    }

    static void insert(TestDatabase db, UUID machineId, String start, int count) {
        insert(db::execute, machineId, start, count, 0);
    }

    /** As above through any SQL runner, with {@code offset} added to every temperature. */
    static void insert(Consumer<String> sql, UUID machineId, String start, int count, double offset) {
        String series = "FROM generate_series(0, " + (count - 1) + ") i, LATERAL (SELECT TIMESTAMPTZ '" + start
                + "' + i * INTERVAL '1 minute' AS t) s";
        sql.accept("INSERT INTO telemetry (machine_id, ts, received_at, status, temperature, humidity, uptime_s) "
                + "SELECT '" + machineId + "', t, t, 'online', i + " + offset + ", 40 + i % 2, 60 * i " + series);
        sql.accept("INSERT INTO bunker_levels (machine_id, ts, bunker_id, ingredient_id, ingredient_name, current_level,"
                + " max_level, percentage, low_level) SELECT '" + machineId + "', t, '" + SUGAR
                + "', gen_random_uuid(), 'Sugar', 2000 - 10 * i, 2000, (2000 - 10 * i) / 20.0, false " + series);
        sql.accept("INSERT INTO bunker_levels (machine_id, ts, bunker_id, ingredient_id, ingredient_name, current_level,"
                + " max_level, percentage, low_level) SELECT '" + machineId + "', t, '" + COFFEE
                + "', gen_random_uuid(), CASE WHEN i < 3 THEN 'Coffee beans' ELSE 'Espresso beans' END, 900, 1000,"
                + " 90, false " + series);
    }
}
