package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.broker.assembly.StatusLine;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.fanout.FanoutConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@code vendhub serve} is configured with, one record per concern (docs/configuration.md).
 * Built once, by {@code vendhub serve} from its options or by a test from {@link #defaults(Path)} and
 * the withers.
 *
 * @param http           host (also the MQTT listener's), HTTP + Socket.IO port and every bound of that port
 * @param mqtt           the MQTT listener's port, packet bound and topic prefix
 * @param database       an external PostgreSQL, or none for the embedded one
 * @param embedded       the data directory and the embedded database's port
 * @param jwt            the tokens accepted
 * @param devices        device access: service clients, TLS, limits, silence timeout
 * @param ingest         the ingest path's spool, batching, alerts, validation window and events writer
 * @param storage        TimescaleDB policies and the history endpoint's bounds
 * @param readiness      bounds of {@code /health/ready}
 * @param durability     the embedded database's disk writes and the graceful shutdown's bound
 * @param demo           the simulated demo fleet
 * @param statusInterval how often the one-line summary is logged; zero: never
 */
public record ServeSettings(
        FanoutConfig http,
        MqttListenerSettings mqtt,
        DatabaseSettings database,
        EmbeddedDatabaseSettings embedded,
        JwtSettings jwt,
        DeviceAccessSettings devices,
        IngestTuning ingest,
        StorageSettings storage,
        ReadinessSettings readiness,
        DurabilitySettings durability,
        DemoSettings demo,
        Duration statusInterval) {

    public ServeSettings {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(embedded, "embedded");
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(demo, "demo");
        if (statusInterval.isNegative()) {
            throw new IllegalArgumentException("the status interval must not be negative");
        }
    }

    /** Every default, with the embedded database, the generated JWT secret and the spool in {@code dataDirectory}. */
    public static ServeSettings defaults(Path dataDirectory) {
        return new ServeSettings(FanoutConfig.defaults(), MqttListenerSettings.defaults(), DatabaseSettings.embedded(),
                EmbeddedDatabaseSettings.in(dataDirectory), JwtSettings.none(), DeviceAccessSettings.defaults(),
                IngestTuning.defaults(dataDirectory), StorageSettings.defaults(), ReadinessSettings.defaults(),
                DurabilitySettings.defaults(), DemoSettings.off(), StatusLine.DEFAULT_INTERVAL);
    }

    /** The data directory (embedded database, generated JWT secret). */
    public Path dataDirectory() {
        return embedded.dataDirectory();
    }

    public ServeSettings withHttp(FanoutConfig value) {
        return new ServeSettings(value, mqtt, database, embedded, jwt, devices, ingest, storage, readiness,
                durability, demo, statusInterval);
    }

    public ServeSettings withMqtt(MqttListenerSettings value) {
        return new ServeSettings(http, value, database, embedded, jwt, devices, ingest, storage, readiness,
                durability, demo, statusInterval);
    }

    public ServeSettings withDatabase(DatabaseSettings value) {
        return new ServeSettings(http, mqtt, value, embedded, jwt, devices, ingest, storage, readiness,
                durability, demo, statusInterval);
    }

    public ServeSettings withEmbedded(EmbeddedDatabaseSettings value) {
        return new ServeSettings(http, mqtt, database, value, jwt, devices, ingest, storage, readiness,
                durability, demo, statusInterval);
    }

    public ServeSettings withJwt(JwtSettings value) {
        return new ServeSettings(http, mqtt, database, embedded, value, devices, ingest, storage, readiness,
                durability, demo, statusInterval);
    }

    public ServeSettings withDevices(DeviceAccessSettings value) {
        return new ServeSettings(http, mqtt, database, embedded, jwt, value, ingest, storage, readiness,
                durability, demo, statusInterval);
    }

    public ServeSettings withIngest(IngestTuning value) {
        return new ServeSettings(http, mqtt, database, embedded, jwt, devices, value, storage, readiness,
                durability, demo, statusInterval);
    }

    public ServeSettings withStorage(StorageSettings value) {
        return new ServeSettings(http, mqtt, database, embedded, jwt, devices, ingest, value, readiness,
                durability, demo, statusInterval);
    }

    public ServeSettings withReadiness(ReadinessSettings value) {
        return new ServeSettings(http, mqtt, database, embedded, jwt, devices, ingest, storage, value,
                durability, demo, statusInterval);
    }

    public ServeSettings withDurability(DurabilitySettings value) {
        return new ServeSettings(http, mqtt, database, embedded, jwt, devices, ingest, storage, readiness,
                value, demo, statusInterval);
    }

    public ServeSettings withDemo(DemoSettings value) {
        return new ServeSettings(http, mqtt, database, embedded, jwt, devices, ingest, storage, readiness,
                durability, value, statusInterval);
    }

    public ServeSettings withStatusInterval(Duration value) {
        return new ServeSettings(http, mqtt, database, embedded, jwt, devices, ingest, storage, readiness,
                durability, demo, value);
    }
}
