package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.app.MqttListenerSettings;
import com.vendhub.realtime.schema.config.TopicPrefixOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The embedded broker's MQTT listener of {@code vendhub serve} (docs/contract.md, "MQTT"). */
final class MqttListenerOptions {

    private static final MqttListenerSettings DEFAULTS = MqttListenerSettings.defaults();

    @Option(names = "--mqtt-port", description = "MQTT port on --host, 0 for any free one.")
    int port = DEFAULTS.port();

    @Option(names = "--mqtt-max-packet-bytes",
            description = "Largest MQTT packet accepted; larger ones close the connection.")
    int maxPacketBytes = DEFAULTS.maxPacketBytes();

    @Mixin
    TopicPrefixOptions topic;

    MqttListenerSettings settings() {
        return new MqttListenerSettings(port, maxPacketBytes, topic.prefix());
    }
}
