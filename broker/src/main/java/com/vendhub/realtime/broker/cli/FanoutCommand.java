package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.cluster.FanoutNode;
import com.vendhub.realtime.broker.cluster.FanoutNodeSettings;
import com.vendhub.realtime.schema.config.TopicPrefixOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vendhub fanout --mqtt-url URL --db-url URL --jwt-secret S}: a scale-out fan-out node. */
@Command(name = "fanout", mixinStandardHelpOptions = true, modelTransformer = ScaleOutRequirements.class,
        footer = {"",
            "Examples:",
            "  vendhub fanout --mqtt-url tcp://broker:1883 --jwt-secret $JWT_ACCESS_SECRET \\",
            "      --db-url jdbc:postgresql://db/vendhub",
            "  vendhub fanout --mqtt-url tcp://broker:1883 --jwt-secret $JWT_ACCESS_SECRET \\",
            "      --db-url jdbc:postgresql://db/vendhub --http-port 8082 --db-wait PT2M",
            "",
            Vendhub.EXIT_CODES},
        description = "Run a Socket.IO fan-out node fed by the event stream ({prefix}/events/#) of an external MQTT "
                + "broker. Run several behind a load balancer (sticky sessions for polling and recovery).")
final class FanoutCommand implements Callable<Integer> {

    @Mixin
    ExternalBrokerOptions external;

    @Mixin
    DatabaseOptions db = DatabaseOptions.forNode();

    @Mixin
    JwtOptions jwt;

    @Mixin
    TopicPrefixOptions topic;

    @Mixin
    DatabaseCheckOptions databaseCheck;

    @Mixin
    HttpServerOptions http;

    @Mixin
    HistoryOptions history;

    @Mixin
    ShutdownOptions shutdown;

    @Spec
    CommandSpec spec;

    /** The settings these options make; a missing or unfitting value is a usage error. */
    FanoutNodeSettings settings() {
        try {
            // A fan-out node has no ingest backlog: only the database part of readiness applies.
            return new FanoutNodeSettings(external.connection(spec.commandLine()), db.settings(), jwt.settings(),
                    topic.prefix(), databaseCheck.settings(), http.config(spec.commandLine()), history.settings(),
                    history.queryTimeout, shutdown.timeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid settings: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        FanoutNode node = FanoutNode.start(settings());
        return UntilShutdown.await(node::close);
    }
}
