package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.DemoFleet;
import com.vendhub.realtime.broker.app.DemoSettings;
import com.vendhub.realtime.broker.app.DevelopmentTokens;
import com.vendhub.realtime.broker.app.DurabilitySettings;
import com.vendhub.realtime.broker.app.ServeSettings;
import com.vendhub.realtime.broker.app.StorageSettings;
import com.vendhub.realtime.broker.app.VendhubServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vendhub serve [--demo]}: everything in one process. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        footer = {"",
            "Examples:",
            "  vendhub serve --demo",
            "  vendhub serve --data-dir /var/lib/vendhub --http-port 8081 --mqtt-port 1884",
            "  vendhub serve --db-url jdbc:postgresql://db/vendhub --db-user vendhub \\",
            "      --db-wait PT2M --verbose",
            "",
            Vendhub.EXIT_CODES},
        description = "Run the embedded MQTT broker, ingest and the Socket.IO fan-out in one process.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    HttpServerOptions http;

    @Mixin
    MqttListenerOptions mqtt;

    @Mixin
    DatabaseOptions db = DatabaseOptions.forServe();

    @Mixin
    EmbeddedDatabaseOptions embedded;

    @Mixin
    JwtOptions jwt;

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
    StatusLineOptions status;

    @Mixin
    ShutdownOptions shutdown;

    @Spec
    CommandSpec spec;

    @Option(names = "--demo", description = "Also simulate a demo fleet around Tashkent and print a token to watch it.")
    boolean demo;

    @Option(names = "--demo-machines", description = "Demo fleet size.")
    int demoMachines = DemoSettings.off().machines();

    @Option(names = "--demo-interval", description = "Demo machines' publish interval.")
    Duration demoInterval = DemoSettings.off().interval();

    /** The settings these options make; values that do not fit together are a usage error. */
    ServeSettings settings() {
        try {
            Path dataDirectory = embedded.dataDirectory();
            return ServeSettings.defaults(dataDirectory)
                    .withHttp(http.config(spec.commandLine()))
                    .withMqtt(mqtt.settings())
                    .withDatabase(db.settings())
                    .withEmbedded(embedded.settings())
                    .withJwt(jwt.settings())
                    .withDevices(devices.settings())
                    .withIngest(ingest.tuning(dataDirectory).withAlerts(alerts.settings())
                            .withEarliestDeviceTime(validation.earliestDeviceTime).withEvents(eventWriter.settings()))
                    .withStorage(new StorageSettings(timescale.settings(), history.settings(), history.queryTimeout))
                    .withReadiness(readiness.settings())
                    .withDurability(new DurabilitySettings(embedded.durability, shutdown.timeout))
                    .withDemo(new DemoSettings(demo, demoMachines, demoInterval))
                    .withStatusInterval(status.interval);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid settings: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        VendhubServer server = VendhubServer.start(settings(), Clock.systemUTC());
        if (demo) {
            printDemoHelp(server);
        }
        return UntilShutdown.await(server::close);
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
