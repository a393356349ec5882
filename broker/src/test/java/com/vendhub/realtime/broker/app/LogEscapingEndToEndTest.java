package com.vendhub.realtime.broker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.auth.DeviceAuthenticator;
import com.vendhub.realtime.broker.auth.DeviceTopicPolicy;
import com.vendhub.realtime.broker.mqtt.ConnectGuard;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.fanout.events.EventsEndpoint;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * docs/security.md, "Logs, secrets and stored text", through a real {@code vendhub serve}: text a device or a user chose (an MQTT
 * client id, a topic, a token's {@code sub}) reaches the log escaped, so a newline in it cannot forge
 * a log line. The log is captured with a logback {@link ListAppender} on the loggers that write it.
 */
class LogEscapingEndToEndTest {

    private static final String FORGED = "x\n12:00:00.000 ERROR [main] c.v.r.Fake - FORGED LINE\r\u0000";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    // A client id with a line break is refused by the CONNECT guard (its form), before the authenticator.
    private final List<Logger> loggers = List.of(logger(ConnectGuard.class), logger(DeviceAuthenticator.class),
            logger(DeviceTopicPolicy.class), logger(EventsEndpoint.class));
    @RegisterExtension
    final RunningServerExtension vendhub = RunningServerExtension.defaults();

    private static Logger logger(Class<?> type) {
        return (Logger) LoggerFactory.getLogger(type);
    }

    @BeforeEach
    void capture() {
        captured.start();
        loggers.forEach(l -> l.addAppender(captured));
    }

    @AfterEach
    void release() {
        loggers.forEach(l -> l.detachAppender(captured));
    }

    private List<String> lines(String containing) {
        synchronized (captured) {
            return captured.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains(containing)).toList();
        }
    }

    @Test
    void clientIdsTopicsAndUserIdsAreEscapedInTheLog(RunningServer server) {
        // 1. A CONNECT with a client id carrying a line break (MQTT allows it) and wrong credentials.
        String clientId = "evil-device\nFORGED LINE";
        Mqtt3BlockingClient intruder = server.device(clientId, clientId, "wrong");
        try {
            intruder.connect();
        } catch (RuntimeException refused) {
            // CONNACK refused: what we want
        }
        // 2. A real machine publishing on a topic with a line break: refused by the ACL and logged.
        ProvisionedMachine machine = server.provision(UUID.randomUUID(), "lobby");
        Mqtt3BlockingClient device = server.connectDevice(machine);
        device.publishWith().topic("vendhub/machines/" + machine.machine().id() + "/telemetry\nFORGED LINE")
                .qos(MqttQos.AT_MOST_ONCE).payload("{}".getBytes(StandardCharsets.UTF_8)).send();
        // 3. A REST caller whose token's sub carries a forged log line, refused by POST /api/v1/events.
        String token = server.token(FORGED, UUID.randomUUID(), "viewer");
        HttpResponse<String> refused = server.post("/api/v1/events", token, "{}");
        assertThat(refused.statusCode()).isEqualTo(403);

        await().atMost(30, TimeUnit.SECONDS).until(() -> !lines("MQTT CONNECT refused").isEmpty()
                && !lines("ACL:").isEmpty() && !lines("POST /api/v1/events").isEmpty());
        device.disconnect();

        List<String> all = List.of(lines("MQTT CONNECT refused").get(0), lines("ACL:").get(0),
                lines("POST /api/v1/events").get(0));
        for (String line : all) {
            assertThat(line).as("one log event, one line").doesNotContain("\n", "\r", "\u0000");
        }
        assertThat(all.get(0)).contains("evil-device\\nFORGED LINE");
        assertThat(all.get(1)).contains("telemetry\\nFORGED LINE");
        assertThat(all.get(2)).contains("x\\n12:00:00.000 ERROR").contains("FORGED LINE\\r\\0");
    }
}
