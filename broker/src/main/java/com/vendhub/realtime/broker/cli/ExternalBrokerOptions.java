package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.cluster.BrokerConnection;
import com.vendhub.realtime.schema.config.MqttEndpointOptions;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The external MQTT broker of a scale-out node ({@code ingest}, {@code fanout}) and its service login. */
final class ExternalBrokerOptions {

    @Mixin
    MqttEndpointOptions endpoint = MqttEndpointOptions.required();

    @Option(names = "--mqtt-username", description = "Service user on the MQTT broker, instead of the URL's.")
    String username;

    @Option(names = "--mqtt-password", description = "Service password on the MQTT broker.")
    String password;

    /** The connection; a missing or malformed URL is a usage error. */
    BrokerConnection connection(CommandLine cli) {
        return new BrokerConnection(endpoint.endpoint(cli), username, password);
    }
}
