package com.vendhub.realtime.broker.cluster;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.vendhub.realtime.schema.config.MqttUrl;
import java.nio.charset.StandardCharsets;

/**
 * Builds the HiveMQ MQTT 5 clients of the cluster commands from one {@link MqttUrl} and the
 * {@code --mqtt-username}/{@code --mqtt-password} options: TLS when the URL says so, and the
 * credentials of the options or, without them, of the URL (the client sends them again on every
 * automatic reconnect).
 */
final class MqttClients {

    private MqttClients() {
    }

    /**
     * @param username the option's value, or null for the URL's
     * @param password the option's value, or null for the URL's
     */
    static Mqtt5ClientBuilder builder(MqttUrl url, String identifier, String username, String password) {
        Mqtt5ClientBuilder b = MqttClient.builder().useMqttVersion5().identifier(identifier)
                .serverHost(url.host()).serverPort(url.port());
        if (url.tls()) {
            b = b.sslWithDefaultConfig();
        }
        String user = username != null ? username : url.username();
        String pass = username != null ? password : url.password();
        if (user != null) {
            b = b.simpleAuth().username(user)
                    .password(pass == null ? new byte[0] : pass.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        return b;
    }
}
