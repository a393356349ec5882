package com.vendhub.realtime.sim.cli;

import picocli.CommandLine.Option;

/** The broker that {@code record} and {@code replay} connect to, and the topic prefix it uses. */
final class BrokerOptions {

    @Option(names = "--mqtt-host", defaultValue = "${env:VENDHUB_MQTT_HOST:-localhost}", description = "MQTT broker host.")
    String mqttHost;

    @Option(names = "--mqtt-port", defaultValue = "${env:VENDHUB_MQTT_PORT:-1883}", description = "MQTT broker port.")
    int mqttPort;

    @Option(names = "--tls", description = "Speak TLS to the broker (trusting the JVM's certificate authorities).")
    boolean tls;

    @Option(names = "--topic-prefix", defaultValue = "${env:VENDHUB_MQTT_TOPIC_PREFIX:-vendhub}", description = "First topic level.")
    String topicPrefix;
}
