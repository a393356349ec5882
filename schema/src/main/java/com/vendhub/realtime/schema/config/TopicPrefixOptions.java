package com.vendhub.realtime.schema.config;

import com.vendhub.realtime.schema.topics.TopicScheme;
import picocli.CommandLine.Option;

/** The first level of every MQTT topic (docs/contract.md, "MQTT"): the broker, the scale-out roles and the simulator agree on it. */
public final class TopicPrefixOptions {

    @Option(names = "--topic-prefix", description = "First level of every MQTT topic.")
    String prefix = TopicScheme.DEFAULT_PREFIX;

    /** The prefix in effect. */
    public String prefix() {
        return prefix;
    }
}
