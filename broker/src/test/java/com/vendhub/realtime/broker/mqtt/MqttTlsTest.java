package com.vendhub.realtime.broker.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.vendhub.realtime.broker.testing.Readings;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.broker.testing.SelfSignedCertificate;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT over TLS with a certificate the test makes itself, and plain MQTT switched off: a device
 * that trusts the certificate connects and its reading is stored; one that does not, cannot.
 */
class MqttTlsTest {

    private static final SelfSignedCertificate certificate = SelfSignedCertificate.createTemporary();
    @RegisterExtension
    static final RunningServerExtension vendhub = RunningServerExtension.withDevices(
            devices -> devices.withTls(0, certificate.certificate(), certificate.key(), false));

    @Test
    void aDeviceThatTrustsTheCertificatePublishesOverTls(RunningServer server) throws Exception {
        assertThat(server.server().mqttTlsPort()).isPositive();
        assertThat(server.server().mqttPort()).as("plain MQTT is off").isZero();
        ProvisionedMachine m = server.provision(UUID.randomUUID(), "TLS");
        UUID id = m.machine().id();
        Mqtt3BlockingClient device = Mqtt3Client.builder().identifier(id.toString())
                .serverHost("127.0.0.1").serverPort(server.server().mqttTlsPort())
                .sslConfig().trustManagerFactory(certificate.trust()).applySslConfig()
                .simpleAuth().username(id.toString()).password(m.deviceToken().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildBlocking();
        device.connect();
        Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(1);
        device.publishWith().topic(TopicScheme.defaults().telemetry(id)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Readings.telemetry(id, ts, 4.5, 700)).send();
        await().atMost(Duration.ofSeconds(15)).until(() -> server.count("SELECT count(*) FROM telemetry WHERE machine_id = '"
                + id + "' AND ts = '" + ts + "'") == 1);
        device.disconnect();
    }

    @Test
    void aDeviceThatDoesNotTrustTheCertificateCannotConnect(RunningServer server) {
        ProvisionedMachine m = server.provision(UUID.randomUUID(), "untrusting");
        String id = m.machine().id().toString();
        Mqtt3BlockingClient device = Mqtt3Client.builder().identifier(id)
                .serverHost("127.0.0.1").serverPort(server.server().mqttTlsPort())
                .sslWithDefaultConfig()
                .simpleAuth().username(id).password(m.deviceToken().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().buildBlocking();
        assertThatThrownBy(device::connect).isInstanceOf(RuntimeException.class);
        // Plain MQTT on the TLS port is no way around it either.
        Mqtt3BlockingClient onTlsPort = Mqtt3Client.builder().identifier(id).serverHost("127.0.0.1")
                .serverPort(server.server().mqttTlsPort()).simpleAuth().username(id)
                .password(m.deviceToken().getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .transportConfig().mqttConnectTimeout(3, java.util.concurrent.TimeUnit.SECONDS).applyTransportConfig()
                .buildBlocking();
        assertThatThrownBy(onTlsPort::connect).isInstanceOf(RuntimeException.class);
    }
}
