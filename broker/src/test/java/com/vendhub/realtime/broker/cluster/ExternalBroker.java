package com.vendhub.realtime.broker.cluster;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.vendhub.realtime.schema.config.MqttUrl;
import java.nio.charset.StandardCharsets;

/**
 * An MQTT 5 broker of its own process, on a free local port, that the cluster commands
 * ({@code vendhub ingest}, {@code vendhub fanout}) connect to in a test; {@link BrokerKind} starts one
 * of each kind the cluster scenarios run against. What differs between brokers, as far as the
 * scenarios are concerned, is said here, never tested for by name.
 */
interface ExternalBroker extends AutoCloseable {

    int port();

    default String url() {
        return "tcp://127.0.0.1:" + port();
    }

    default MqttUrl mqttUrl() {
        return MqttUrl.parse(url());
    }

    /** The URL with the service credentials, as a scale-out node connects. */
    default BrokerConnection connection() {
        return new BrokerConnection(mqttUrl(), username(), password());
    }

    /** Service username the broker requires of every client, or null: anonymous clients are admitted. */
    String username();

    /** Service password, or null with {@link #username()}. */
    String password();

    /**
     * The Receive Maximum the ingest workers announce on this broker (and their write queue holds): the
     * default where the broker keeps to it, the protocol's largest where it overshoots.
     */
    int workerReceiveMaximum();

    /**
     * True if the broker keeps routing a shared subscription's messages to a member whose persistent
     * session is offline, keeping them for its return (Mosquitto 2); false if it gives them to the
     * members online (MQTT 5, 4.8.2 allows both).
     */
    boolean routesSharedMessagesToOfflineMembers();

    /** The CLI options that give a {@code vendhub ingest} or {@code fanout} child these credentials. */
    default java.util.List<String> credentialOptions() {
        return username() == null ? java.util.List.of()
                : java.util.List.of("--mqtt-username", username(), "--mqtt-password", password());
    }

    /** A test's own MQTT 5 client (a device, a backend, an observer) on this broker, with its credentials. */
    default Mqtt5ClientBuilder client(String identifier) {
        Mqtt5ClientBuilder b = MqttClient.builder().useMqttVersion5().identifier(identifier)
                .serverHost("127.0.0.1").serverPort(port());
        return username() == null ? b : b.simpleAuth().username(username())
                .password(password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
    }

    /** Stops the broker abruptly (SIGKILL: no session survives, as neither keeps any on disk here) and starts it
     * again on the same port; returns once it accepts connections. */
    void restart() throws Exception;

    @Override
    void close();
}
