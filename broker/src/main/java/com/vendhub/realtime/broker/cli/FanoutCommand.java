package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.cluster.FanoutNode;
import com.vendhub.realtime.schema.config.MqttUrl;
import com.vendhub.realtime.broker.health.ReadinessSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code vendhub fanout --mqtt-url URL --db-url URL}: a scale-out fan-out node. */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "Run a Socket.IO fan-out node fed by the event stream ({prefix}/events/#) of an external MQTT "
                + "broker. Run several behind a load balancer (sticky sessions for polling and recovery).")
final class FanoutCommand implements Callable<Integer> {

    @Mixin
    ExternalBrokerOptions external;

    @Option(names = "--host", defaultValue = "${env:VENDHUB_HOST:-0.0.0.0}",
            description = "Address to bind (env VENDHUB_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--http-port", defaultValue = "${env:VENDHUB_HTTP_PORT:-8080}",
            description = "HTTP + Socket.IO port, 0 for any free one (env VENDHUB_HTTP_PORT, default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--jwt-secret", defaultValue = "${env:JWT_ACCESS_SECRET}",
            description = "HS256 secret shared with the VendHub backend, at least 32 bytes (env JWT_ACCESS_SECRET).")
    String jwtSecret;

    @Option(names = "--jwt-public-key", defaultValue = "${env:VENDHUB_JWT_PUBLIC_KEY}",
            description = "PEM file of an RS256 public key to accept as well (env VENDHUB_JWT_PUBLIC_KEY).")
    Path jwtPublicKey;

    @Option(names = "--topic-prefix", defaultValue = "${env:VENDHUB_TOPIC_PREFIX:-vendhub}",
            description = "MQTT topic prefix (env VENDHUB_TOPIC_PREFIX, default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Mixin
    DatabaseCheckOptions databaseCheck;

    @Mixin
    HttpServerOptions http;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Checked here, not with picocli's "required": a value from the environment counts too.
        String[][] required = {{"--mqtt-url", external.mqttUrl}, {"--db-url", external.dbUrl}, {"--jwt-secret", jwtSecret}};
        for (String[] option : required) {
            if (option[1] == null || option[1].isBlank()) {
                throw new ParameterException(spec.commandLine(), "Missing required option " + option[0]);
            }
        }
        String publicKey = jwtPublicKey == null ? null : Files.readString(jwtPublicKey, StandardCharsets.UTF_8);
        FanoutNode node = FanoutNode.start(new FanoutNode.Settings(host, httpPort, MqttUrl.parse(external.mqttUrl),
                external.mqttUsername, external.mqttPassword, external.dbUrl, external.dbUser, external.dbPassword,
                external.dbPoolSize, jwtSecret, publicKey, topicPrefix,
                // A fan-out node has no ingest backlog: only the database part applies.
                databaseCheck.settings(ReadinessSettings.defaults().backlogReadyFraction(), spec.commandLine()),
                http.config(spec.commandLine())));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
