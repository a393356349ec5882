package com.vendhub.realtime.broker.app;

import com.vendhub.realtime.broker.health.ReadinessSettings;
import com.vendhub.realtime.fanout.FanoutConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything {@code vendhub serve} is configured with (docs/configuration.md).
 *
 * @param host               address the MQTT and HTTP servers bind
 * @param mqttPort           MQTT port; 0 picks a free one
 * @param httpPort           HTTP + Socket.IO port; 0 picks a free one
 * @param dbUrl              JDBC URL of an external PostgreSQL; null starts the embedded one
 * @param dbUser             database user for {@code dbUrl}
 * @param dbPassword         database password for {@code dbUrl}
 * @param dataDirectory      where the embedded database (and a generated JWT secret) live
 * @param embeddedDbPort     port of the embedded database; 0 picks a free one
 * @param jwtSecret          HS256 secret ({@code JWT_ACCESS_SECRET}); null generates one in the data directory
 * @param jwtPublicKeyPem    PEM of an RS256 public key, or null
 * @param topicPrefix        MQTT topic prefix
 * @param maxPacketBytes     largest MQTT packet the broker accepts
 * @param dbPoolSize         database connections
 * @param statusInterval     how often the one-line summary is logged (zero: never)
 * @param demo               also run the demo fleet
 * @param demoMachines       how many demo machines
 * @param demoInterval       demo machines' publish interval
 * @param devices            device access: service clients, TLS, limits, silence timeout
 * @param readiness          bounds of {@code /health/ready}: database check and backlog fraction
 * @param http               the HTTP + Socket.IO port's bounds (deadlines, connection cap, CORS, token grace);
 *                           its host and port are replaced by {@code host} and {@code httpPort}
 */
public record ServeSettings(
        String host,
        int mqttPort,
        int httpPort,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Path dataDirectory,
        int embeddedDbPort,
        String jwtSecret,
        String jwtPublicKeyPem,
        String topicPrefix,
        int maxPacketBytes,
        int dbPoolSize,
        Duration statusInterval,
        boolean demo,
        int demoMachines,
        Duration demoInterval,
        DeviceAccessSettings devices,
        ReadinessSettings readiness,
        FanoutConfig http) {

    /** As above, with the default HTTP bounds. */
    public ServeSettings(String host, int mqttPort, int httpPort, String dbUrl, String dbUser, String dbPassword,
            Path dataDirectory, int embeddedDbPort, String jwtSecret, String jwtPublicKeyPem, String topicPrefix,
            int maxPacketBytes, int dbPoolSize, Duration statusInterval, boolean demo, int demoMachines,
            Duration demoInterval, DeviceAccessSettings devices, ReadinessSettings readiness) {
        this(host, mqttPort, httpPort, dbUrl, dbUser, dbPassword, dataDirectory, embeddedDbPort, jwtSecret,
                jwtPublicKeyPem, topicPrefix, maxPacketBytes, dbPoolSize, statusInterval, demo, demoMachines,
                demoInterval, devices, readiness, FanoutConfig.defaults());
    }

    /** As above, with the default readiness bounds. */
    public ServeSettings(String host, int mqttPort, int httpPort, String dbUrl, String dbUser, String dbPassword,
            Path dataDirectory, int embeddedDbPort, String jwtSecret, String jwtPublicKeyPem, String topicPrefix,
            int maxPacketBytes, int dbPoolSize, Duration statusInterval, boolean demo, int demoMachines,
            Duration demoInterval, DeviceAccessSettings devices) {
        this(host, mqttPort, httpPort, dbUrl, dbUser, dbPassword, dataDirectory, embeddedDbPort, jwtSecret,
                jwtPublicKeyPem, topicPrefix, maxPacketBytes, dbPoolSize, statusInterval, demo, demoMachines,
                demoInterval, devices, ReadinessSettings.defaults());
    }
}
