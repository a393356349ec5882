package com.vendhub.realtime.broker.app;

import static com.vendhub.realtime.broker.testing.Readings.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/architecture.md, "The telemetry writer isolates refused rows": readings that pass the contract's field rules but that PostgreSQL cannot store
 * (a NUL in a text, a year 0, a negative year, a year past 9999, an instant outside PostgreSQL's range)
 * used to make the batch writer retry their batch forever, and the spool replayed them first after a
 * restart: nothing was stored for anybody. Each kind is published by a real device to a real
 * {@code vendhub serve}; each must become a dead letter with its reason, another machine's reading
 * must be stored, and after a restart on the same data directory new readings must be stored too.
 */
class PoisonReadingEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final RunningServerExtension vendhub = RunningServerExtension.defaults();

    /** A poison payload, the dead-letter reason it must get and a word its detail must contain. */
    private record Poison(String name, String json, String reason, String detailMentions) {
    }

    private static String reading(UUID machine, String timestamp, String ingredientName, String lastSale,
            String errorCode, String errorMessage, String occurredAt) {
        return """
            {"machineId":"%s","timestamp":"%s","status":"online","temperature":4.5,"humidity":40,
             "bunkers":[{"bunkerId":"0f0e0d0c-0b0a-4908-8706-050403020100",
               "ingredientId":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d","ingredientName":"%s",
               "currentLevel":500,"maxLevel":2000,"percentage":25,"lowLevelAlert":false}],
             "errors":[{"code":"%s","message":"%s","severity":"warning","occurredAt":"%s"}],
             "lastSale":"%s","uptime":60}
            """.formatted(machine, timestamp, ingredientName, errorCode, errorMessage, occurredAt, lastSale);
    }

    private static List<Poison> poisons(UUID m, Instant now) {
        String t = now.toString();
        // Distinct timestamps, so that no poison is taken for a redelivery of another.
        String t1 = now.minusSeconds(1).toString();
        String t2 = now.minusSeconds(2).toString();
        String t3 = now.minusSeconds(3).toString();
        String t4 = now.minusSeconds(4).toString();
        String t5 = now.minusSeconds(5).toString();
        return List.of(
                new Poison("NUL in ingredientName", reading(m, t, "Sug\\u0000ar", t, "E1", "jam", t),
                        "control_character", "ingredientName"),
                new Poison("NUL in errors[].code", reading(m, t1, "Sugar", t1, "E\\u00001", "jam", t1),
                        "control_character", "code"),
                new Poison("NUL in errors[].message", reading(m, t2, "Sugar", t2, "E1", "ja\\u0000m", t2),
                        "control_character", "message"),
                new Poison("timestamp in year 0", reading(m, "0000-06-01T00:00:00Z", "Sugar", t3, "E1", "jam", t3),
                        "timestamp_too_old", "timestamp"),
                new Poison("timestamp in a negative year",
                        reading(m, "-0044-03-15T12:00:00Z", "Sugar", t3, "E1", "jam", t3),
                        "timestamp_too_old", "timestamp"),
                new Poison("lastSale in year 10000",
                        reading(m, t3, "Sugar", "+10000-01-01T00:00:00Z", "E1", "jam", t3),
                        "future_timestamp", "lastSale"),
                new Poison("occurredAt past PostgreSQL's range",
                        reading(m, t4, "Sugar", t4, "E1", "jam", "+300000-01-01T00:00:00Z"),
                        "future_timestamp", "occurredAt"),
                new Poison("occurredAt before PostgreSQL's range",
                        reading(m, t5, "Sugar", t5, "E1", "jam", "-5000-01-01T00:00:00Z"),
                        "timestamp_too_old", "occurredAt"));
    }

    @Test
    void poisonReadingsAreDeadLetteredAndStorageGoesOnAlsoAfterARestart(RunningServer server) {
        UUID org = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ProvisionedMachine bad = server.provision(org, "buggy firmware");
        ProvisionedMachine good = server.provision(org, "healthy");
        UUID badId = bad.machine().id();
        UUID goodId = good.machine().id();
        Mqtt3BlockingClient badDevice = server.connectDevice(bad);
        Mqtt3BlockingClient goodDevice = server.connectDevice(good);

        List<Poison> poisons = poisons(badId, now);
        for (Poison p : poisons) {
            publish(badDevice, badId, p.json().getBytes(StandardCharsets.UTF_8));
        }
        publish(goodDevice, goodId, Readings.telemetry(goodId, now, 5, 1000));

        await().atMost(WAIT).until(() ->
                server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + goodId + "'") == 1);
        String badLetters = "SELECT count(*) FROM dead_letters WHERE client_id = '" + badId + "'";
        await().atMost(WAIT).until(() -> server.count(badLetters) == poisons.size());
        for (Poison p : poisons) {
            assertThat(server.count(badLetters + " AND reason = '" + p.reason() + "' AND detail LIKE '%"
                    + p.detailMentions() + "%' AND payload = decode('"
                    + java.util.HexFormat.of().formatHex(p.json().getBytes(StandardCharsets.UTF_8)) + "', 'hex')"))
                    .as(p.name()).isEqualTo(1);
        }
        assertThat(server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + badId + "'")).isZero();
        assertThat(badDevice.getState().isConnected()).isTrue();
        // The poisoning device is not blocked either: its next good reading is stored.
        publish(badDevice, badId, Readings.telemetry(badId, now.plusSeconds(1), 5, 1000));
        await().atMost(WAIT).until(() ->
                server.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + badId + "'") == 1);
        badDevice.disconnect();
        goodDevice.disconnect();

        // A restart on the same data directory (database and spool) stores new readings.
        RunningServer again = vendhub.restart();
        Mqtt3BlockingClient goodDeviceAgain = again.connectDevice(good);
        publish(goodDeviceAgain, goodId, Readings.telemetry(goodId, now.plusSeconds(2), 5, 1000));
        await().atMost(WAIT).until(() ->
                again.count("SELECT count(*) FROM telemetry WHERE machine_id = '" + goodId + "'") == 2);
        goodDeviceAgain.disconnect();
    }
}
