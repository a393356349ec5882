package com.vendhub.realtime.broker.cli;

import picocli.CommandLine.Option;

/**
 * Where a scale-out node ({@code vendhub ingest}, {@code vendhub fanout}) finds the external MQTT broker
 * and the shared database, with service credentials for both.
 */
final class ExternalBrokerOptions {

    @Option(names = "--mqtt-url", defaultValue = "${env:VENDHUB_MQTT_URL}",
            description = "External MQTT broker: tcp://host:port, or ssl:// (mqtts://) with TLS; user:password@ "
                    + "in the URL is accepted (env VENDHUB_MQTT_URL).")
    String mqttUrl;

    @Option(names = "--mqtt-username", defaultValue = "${env:VENDHUB_MQTT_USERNAME}",
            description = "Service user on the MQTT broker, instead of the URL's (env VENDHUB_MQTT_USERNAME).")
    String mqttUsername;

    @Option(names = "--mqtt-password", defaultValue = "${env:VENDHUB_MQTT_PASSWORD}",
            description = "Service password on the MQTT broker (env VENDHUB_MQTT_PASSWORD).")
    String mqttPassword;

    @Option(names = "--db-url", defaultValue = "${env:VENDHUB_DB_URL}",
            description = "JDBC URL of the shared PostgreSQL >= 14 (env VENDHUB_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:VENDHUB_DB_USER}", description = "Database user (env VENDHUB_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:VENDHUB_DB_PASSWORD}",
            description = "Database password (env VENDHUB_DB_PASSWORD).")
    String dbPassword;

    @Option(names = "--db-pool-size", defaultValue = "${env:VENDHUB_DB_POOL_SIZE:-4}",
            description = "Database connections (env VENDHUB_DB_POOL_SIZE, default ${DEFAULT-VALUE}).")
    int dbPoolSize;
}
