package com.vendhub.realtime.sim.fleet;

import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.sim.model.ModelSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How the simulated fleet connects and publishes; {@link #defaults(String, int)} or {@link #builder(String, int)}.
 *
 * @param mqttHost              broker host
 * @param mqttPort              broker port
 * @param tls                   whether to speak TLS to the broker, trusting the JVM's certificate authorities
 * @param topicPrefix           first topic level (contract: {@code vendhub})
 * @param publishInterval       mean time between two readings of one machine
 * @param jitter                each interval is stretched or shrunk by up to this fraction (0..1), so machines drift apart
 * @param seed                  the run's seed; with a machine's index it fixes the machine's whole behaviour
 * @param qos                   MQTT QoS of telemetry and status publishes (contract: 1)
 * @param connectTimeout        limit of the TCP connect and, separately, of the CONNACK wait
 * @param nettyThreads          Netty event loop threads shared by all connections
 * @param keepAlive             MQTT keep-alive
 * @param schedulerThreads      threads stepping the models and handing readings to the client, shared by all machines
 * @param maxPendingConnects    connection attempts in flight at once during {@code start()}, so a big fleet does not storm the broker
 * @param maxInFlightPerMachine unacknowledged readings one machine may have before it skips a reading
 * @param reconnectInitialDelay first automatic reconnect delay; it doubles per failed attempt
 * @param reconnectMaxDelay     longest automatic reconnect delay
 * @param shutdownTimeout       how long {@code close()} waits for the offline statuses and disconnects
 * @param model                 the machine physics' rates and bounds
 */
public record SimulatorConfig(
        String mqttHost,
        int mqttPort,
        boolean tls,
        String topicPrefix,
        Duration publishInterval,
        double jitter,
        long seed,
        int qos,
        Duration connectTimeout,
        int nettyThreads,
        Duration keepAlive,
        int schedulerThreads,
        int maxPendingConnects,
        int maxInFlightPerMachine,
        Duration reconnectInitialDelay,
        Duration reconnectMaxDelay,
        Duration shutdownTimeout,
        ModelSettings model) {

    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 1883;
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(5);
    public static final double DEFAULT_JITTER = 0.2;
    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_QOS = 1;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Two event loops carry 10,000 mostly idle connections comfortably. */
    public static final int DEFAULT_NETTY_THREADS = 2;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);
    /** 10,000 machines at 5 s make 2,000 readings a second, a few percent of one thread. */
    public static final int DEFAULT_SCHEDULER_THREADS = 2;
    public static final int DEFAULT_MAX_PENDING_CONNECTS = 500;
    public static final int DEFAULT_MAX_IN_FLIGHT_PER_MACHINE = 20;
    public static final Duration DEFAULT_RECONNECT_INITIAL_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /** MQTT 3.1.1 encodes keep-alive in 16 bits of seconds. */
    private static final long MAX_KEEP_ALIVE_SECONDS = 65_535;

    public SimulatorConfig {
        Objects.requireNonNull(mqttHost, "mqttHost");
        if (mqttHost.isBlank()) {
            throw new IllegalArgumentException("mqttHost must not be blank");
        }
        if (mqttPort < 1 || mqttPort > 65_535) {
            throw new IllegalArgumentException("mqttPort must be within 1..65535, got " + mqttPort);
        }
        new TopicScheme(topicPrefix); // validates the prefix with the same rules the platform uses
        requirePositive("publishInterval", publishInterval);
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, got " + qos);
        }
        requirePositive("connectTimeout", connectTimeout);
        requireAtLeastOne("nettyThreads", nettyThreads);
        requirePositive("keepAlive", keepAlive);
        if (keepAlive.toSeconds() > MAX_KEEP_ALIVE_SECONDS) {
            throw new IllegalArgumentException("keepAlive must be at most " + MAX_KEEP_ALIVE_SECONDS + " s, got " + keepAlive);
        }
        requireAtLeastOne("schedulerThreads", schedulerThreads);
        requireAtLeastOne("maxPendingConnects", maxPendingConnects);
        requireAtLeastOne("maxInFlightPerMachine", maxInFlightPerMachine);
        requirePositive("reconnectInitialDelay", reconnectInitialDelay);
        requirePositive("reconnectMaxDelay", reconnectMaxDelay);
        if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
            throw new IllegalArgumentException("reconnectMaxDelay must not be below reconnectInitialDelay");
        }
        requirePositive("shutdownTimeout", shutdownTimeout);
        Objects.requireNonNull(model, "model");
    }

    /** Every setting at its default, against the given broker. */
    public static SimulatorConfig defaults(String mqttHost, int mqttPort) {
        return builder(mqttHost, mqttPort).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder(String mqttHost, int mqttPort) {
        return new Builder(mqttHost, mqttPort);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    /** Builds a {@link SimulatorConfig}; unset settings keep their defaults. */
    public static final class Builder {
        private String mqttHost;
        private int mqttPort;
        private boolean tls;
        private String topicPrefix = TopicScheme.DEFAULT_PREFIX;
        private Duration publishInterval = DEFAULT_PUBLISH_INTERVAL;
        private double jitter = DEFAULT_JITTER;
        private long seed = DEFAULT_SEED;
        private int qos = DEFAULT_QOS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int nettyThreads = DEFAULT_NETTY_THREADS;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private int schedulerThreads = DEFAULT_SCHEDULER_THREADS;
        private int maxPendingConnects = DEFAULT_MAX_PENDING_CONNECTS;
        private int maxInFlightPerMachine = DEFAULT_MAX_IN_FLIGHT_PER_MACHINE;
        private Duration reconnectInitialDelay = DEFAULT_RECONNECT_INITIAL_DELAY;
        private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private ModelSettings model = ModelSettings.defaults();

        private Builder(String mqttHost, int mqttPort) {
            this.mqttHost = mqttHost;
            this.mqttPort = mqttPort;
        }

        private Builder(SimulatorConfig c) {
            this.mqttHost = c.mqttHost;
            this.mqttPort = c.mqttPort;
            this.tls = c.tls;
            this.topicPrefix = c.topicPrefix;
            this.publishInterval = c.publishInterval;
            this.jitter = c.jitter;
            this.seed = c.seed;
            this.qos = c.qos;
            this.connectTimeout = c.connectTimeout;
            this.nettyThreads = c.nettyThreads;
            this.keepAlive = c.keepAlive;
            this.schedulerThreads = c.schedulerThreads;
            this.maxPendingConnects = c.maxPendingConnects;
            this.maxInFlightPerMachine = c.maxInFlightPerMachine;
            this.reconnectInitialDelay = c.reconnectInitialDelay;
            this.reconnectMaxDelay = c.reconnectMaxDelay;
            this.shutdownTimeout = c.shutdownTimeout;
            this.model = c.model;
        }

        public Builder mqttHost(String value) {
            this.mqttHost = value;
            return this;
        }

        public Builder mqttPort(int value) {
            this.mqttPort = value;
            return this;
        }

        public Builder tls(boolean value) {
            this.tls = value;
            return this;
        }

        public Builder topicPrefix(String value) {
            this.topicPrefix = value;
            return this;
        }

        public Builder publishInterval(Duration value) {
            this.publishInterval = value;
            return this;
        }

        public Builder jitter(double value) {
            this.jitter = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder qos(int value) {
            this.qos = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder nettyThreads(int value) {
            this.nettyThreads = value;
            return this;
        }

        public Builder keepAlive(Duration value) {
            this.keepAlive = value;
            return this;
        }

        public Builder schedulerThreads(int value) {
            this.schedulerThreads = value;
            return this;
        }

        public Builder maxPendingConnects(int value) {
            this.maxPendingConnects = value;
            return this;
        }

        public Builder maxInFlightPerMachine(int value) {
            this.maxInFlightPerMachine = value;
            return this;
        }

        public Builder reconnectDelays(Duration initial, Duration max) {
            this.reconnectInitialDelay = initial;
            this.reconnectMaxDelay = max;
            return this;
        }

        public Builder shutdownTimeout(Duration value) {
            this.shutdownTimeout = value;
            return this;
        }

        public Builder model(ModelSettings value) {
            this.model = value;
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(mqttHost, mqttPort, tls, topicPrefix, publishInterval, jitter, seed, qos,
                    connectTimeout, nettyThreads, keepAlive, schedulerThreads, maxPendingConnects,
                    maxInFlightPerMachine, reconnectInitialDelay, reconnectMaxDelay, shutdownTimeout, model);
        }
    }
}
