package com.vendhub.realtime.sim.cli;

import com.vendhub.realtime.schema.config.MqttEndpointOptions;
import com.vendhub.realtime.schema.config.MqttUrl;
import com.vendhub.realtime.schema.config.TopicPrefixOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The broker that {@code run}, {@code record} and {@code replay} connect to and its topic prefix, in
 * the spelling {@code vendhub ingest | fanout} use ({@code --mqtt-url}). {@code --mqtt-host},
 * {@code --mqtt-port} and {@code --tls} are read for one more release, hidden, with a warning
 * (docs/configuration.md, "Renamed in this release"); being hidden, they read no environment variable.
 */
final class BrokerOptions {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerOptions.class);

    @Mixin
    MqttEndpointOptions endpoint = MqttEndpointOptions.localByDefault();

    @Mixin
    TopicPrefixOptions topic;

    @Option(names = "--mqtt-host", hidden = true, description = "Deprecated: the host of --mqtt-url.")
    String legacyHost;

    @Option(names = "--mqtt-port", hidden = true, description = "Deprecated: the port of --mqtt-url.")
    Integer legacyPort;

    @Option(names = "--tls", hidden = true, description = "Deprecated: ssl:// in --mqtt-url.")
    boolean legacyTls;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The broker; the deprecated parts, when given, replace the URL's. */
    MqttUrl url() {
        MqttUrl url = endpoint.endpoint(command.commandLine());
        if (legacyHost == null && legacyPort == null && !legacyTls) {
            return url;
        }
        LOG.warn("--mqtt-host, --mqtt-port and --tls are deprecated and will be removed in the next release; "
                + "use --mqtt-url tcp://host:port (ssl:// for TLS)");
        return new MqttUrl(legacyHost != null ? legacyHost : url.host(), legacyPort != null ? legacyPort : url.port(),
                legacyTls || url.tls(), url.username(), url.password());
    }

    String topicPrefix() {
        return topic.prefix();
    }
}
