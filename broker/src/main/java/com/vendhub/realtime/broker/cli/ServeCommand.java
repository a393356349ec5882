package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.DemoFleet;
import com.vendhub.realtime.broker.app.DevelopmentTokens;
import com.vendhub.realtime.broker.app.DurabilitySettings;
import com.vendhub.realtime.broker.app.ServeSettings;
import com.vendhub.realtime.broker.app.StorageSettings;
import com.vendhub.realtime.broker.app.VendhubServer;
import com.vendhub.realtime.broker.mqtt.BrokerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vendhub serve [--demo]}: everything in one process. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the embedded MQTT broker, ingest and the Socket.IO fan-out in one process.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Mixin
    DeviceOptions devices;

    @Mixin
    IngestOptions ingest;

    @Mixin
    AlertOptions alerts;

    @Mixin
    EventWriterOptions eventWriter;

    @Mixin
    TimescaleOptions timescale;

    @Mixin
    HistoryOptions history;

    @Mixin
    ReadinessOptions readiness;

    @Mixin
    ValidationOptions validation;

    @Mixin
    HttpServerOptions http;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "${env:VENDHUB_HOST:-0.0.0.0}",
            description = "Address to bind (env VENDHUB_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--mqtt-port", defaultValue = "${env:VENDHUB_MQTT_PORT:-1883}",
            description = "MQTT port, 0 for any free one (env VENDHUB_MQTT_PORT, default ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--http-port", defaultValue = "${env:VENDHUB_HTTP_PORT:-8080}",
            description = "HTTP + Socket.IO port, 0 for any free one (env VENDHUB_HTTP_PORT, default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--jwt-secret", defaultValue = "${env:JWT_ACCESS_SECRET}",
            description = "HS256 secret shared with the VendHub backend, at least 32 bytes (env JWT_ACCESS_SECRET). "
                    + "Without it one is generated in the data directory.")
    String jwtSecret;

    @Option(names = "--jwt-public-key", defaultValue = "${env:VENDHUB_JWT_PUBLIC_KEY}",
            description = "PEM file of an RS256 public key to accept as well (env VENDHUB_JWT_PUBLIC_KEY).")
    Path jwtPublicKey;

    @Option(names = "--topic-prefix", defaultValue = "${env:VENDHUB_TOPIC_PREFIX:-vendhub}",
            description = "MQTT topic prefix (env VENDHUB_TOPIC_PREFIX, default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--mqtt-max-packet-bytes", defaultValue = "${env:VENDHUB_MQTT_MAX_PACKET_BYTES:-262144}",
            description = "Largest MQTT packet accepted; larger ones close the connection "
                    + "(env VENDHUB_MQTT_MAX_PACKET_BYTES, default ${DEFAULT-VALUE}).")
    int maxPacketBytes = BrokerSettings.DEFAULT_MAX_PACKET_BYTES;

    @Option(names = "--db-pool-size", defaultValue = "${env:VENDHUB_DB_POOL_SIZE:-8}",
            description = "Database connections (env VENDHUB_DB_POOL_SIZE, default ${DEFAULT-VALUE}).")
    int dbPoolSize;

    @Option(names = "--status-interval", defaultValue = "${env:VENDHUB_STATUS_INTERVAL:-PT5S}",
            description = "How often to log the one-line summary, ISO-8601 duration, PT0S for never "
                    + "(env VENDHUB_STATUS_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration statusInterval;

    @Option(names = "--shutdown-timeout", defaultValue = "${env:VENDHUB_SHUTDOWN_TIMEOUT:-PT20S}",
            description = "Bound of a graceful shutdown (SIGTERM): stop taking messages, write and acknowledge what "
                    + "was taken, then stop the broker and the database; what is not written by then stays in the "
                    + "spool for the next start. ISO-8601 duration, at least PT2S "
                    + "(env VENDHUB_SHUTDOWN_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    @Option(names = "--demo", description = "Also simulate a demo fleet around Tashkent and print a token to watch it.")
    boolean demo;

    @Option(names = "--demo-machines", defaultValue = "20", description = "Demo fleet size (default ${DEFAULT-VALUE}).")
    int demoMachines;

    @Option(names = "--demo-interval", defaultValue = "PT2S",
            description = "Demo machines' publish interval, ISO-8601 duration (default ${DEFAULT-VALUE}).")
    Duration demoInterval;

    @Override
    public Integer call() throws Exception {
        String publicKey = jwtPublicKey == null ? null : Files.readString(jwtPublicKey, StandardCharsets.UTF_8);
        ServeSettings settings = new ServeSettings(host, mqttPort, httpPort, db.url, db.user, db.password,
                db.dataDirectory, db.embeddedPort, jwtSecret, publicKey, topicPrefix, maxPacketBytes, dbPoolSize,
                statusInterval, demo, demoMachines, demoInterval, devices.settings(), readiness.settings(),
                http.config(spec.commandLine()));
        StorageSettings storage = new StorageSettings(timescale.settings(), history.settings(), history.queryTimeout);
        VendhubServer server = VendhubServer.start(settings,
                ingest.tuning(db.dataDirectory).withAlerts(alerts.settings())
                        .withEarliestDeviceTime(validation.earliestDeviceTime).withEvents(eventWriter.settings()),
                storage, new DurabilitySettings(db.embeddedDurability, shutdownTimeout), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        if (demo) {
            printDemoHelp(server);
        }
        stopped.await();
        return 0;
    }

    private static void printDemoHelp(VendhubServer server) {
        String token = new DevelopmentTokens(server.jwtSecret(), Clock.systemUTC())
                .mint("demo-admin", DemoFleet.ORGANIZATION, "admin", Duration.ofHours(12));
        String machine = server.demoCredentials().isEmpty() ? "<machine-id>"
                : server.demoCredentials().get(0).machineId().toString();
        String url = "http://localhost:" + server.httpPort();
        System.out.printf("""

                ==== VendHub Realtime demo ====
                %d machines around Tashkent publish every few seconds (organization %s).
                An admin token for that organization, valid 12 hours:

                export TOKEN=%s

                Machines:        curl -H "Authorization: Bearer $TOKEN" '%s/api/v1/machines?withLocation=true'
                Latest reading:  curl -H "Authorization: Bearer $TOKEN" %s/api/v1/machines/%s/telemetry
                Live, with the dashboards' own client (npm i socket.io-client), in node:
                  const s = require('socket.io-client').io('%s', {auth: {token: process.env.TOKEN}, transports: ['websocket', 'polling']});
                  s.on('connect', () => s.emit('subscribe', {room: 'machine:%s'}));
                  s.on('machine:telemetry', t => console.log(t.timestamp, t.temperature, t.bunkers.map(b => b.percentage)));
                Metrics: %s/metrics   Health: %s/health/ready
                ===============================

                """, server.demoCredentials().size(), DemoFleet.ORGANIZATION, token, url, url, machine, url,
                machine, url, url);
    }
}
