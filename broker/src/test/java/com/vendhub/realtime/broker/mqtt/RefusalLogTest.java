package com.vendhub.realtime.broker.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.topics.TopicScheme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * docs/security.md, "Logs, secrets and stored text": Moquette logged every refused publish at ERROR (and every refused subscription at
 * WARN) besides the ACL's own warning. Now a flood of refusals leaves no Moquette line and at most a few
 * throttled WARN lines of the ACL, one per cause and interval.
 */
class RefusalLogTest {

    private static final TopicScheme TOPICS = TopicScheme.defaults();
    private static final int PUBLISHES = 40;
    private static final int SUBSCRIBES = 10;

    @Test
    void refusedPublishesAndSubscriptionsLogOneThrottledWarningPerCauseAndNothingAtError() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        try (RunningServer server = RunningServer.start()) {
            ProvisionedMachine m = server.provision(UUID.randomUUID(), "misbehaving");
            Mqtt3BlockingClient device = server.connectDevice(m);
            // QoS 0: Moquette 0.17 sends no PUBACK for a refused QoS 1 publish (PostOffice#receivedPublishQos1
            // returns before it), so a blocking QoS 1 publish would wait for ever. Both paths log at ERROR.
            for (int i = 0; i < PUBLISHES; i++) {
                device.publishWith().topic(TOPICS.telemetry(UUID.randomUUID())).qos(MqttQos.AT_MOST_ONCE)
                        .payload("{}".getBytes(StandardCharsets.UTF_8)).send();
            }
            for (int i = 0; i < SUBSCRIBES; i++) {
                assertThatThrownBy(() -> device.subscribeWith().topicFilter(TOPICS.commands(UUID.randomUUID()))
                        .qos(MqttQos.AT_LEAST_ONCE).send()).isInstanceOf(Mqtt3SubAckException.class);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> denied(server, "publish") == PUBLISHES
                    && denied(server, "subscribe") == SUBSCRIBES);
            device.disconnect();
        } finally {
            root.detachAppender(captured);
        }
        List<ILoggingEvent> events = List.copyOf(captured.list);
        assertThat(events).filteredOn(e -> e.getLoggerName().startsWith("io.moquette"))
                .as("Moquette's own lines about refusals").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
                        || e.getFormattedMessage().contains("not authorized")
                        || e.getFormattedMessage().contains("read permissions"));
        List<ILoggingEvent> acl = events.stream().filter(e -> e.getLoggerName().endsWith("DeviceTopicPolicy")).toList();
        assertThat(acl).isNotEmpty().allMatch(e -> e.getLevel() == Level.WARN);
        // One line per cause (publish, subscribe) and 10-second interval, however many refusals.
        assertThat(acl).filteredOn(e -> e.getFormattedMessage().contains("publish refused")).hasSizeBetween(1, 3);
        assertThat(acl).filteredOn(e -> e.getFormattedMessage().contains("subscribe refused")).hasSizeBetween(1, 3);
    }

    private static double denied(RunningServer server, String action) {
        return server.server().metrics().scrape().lines()
                .filter(l -> l.startsWith("vendhub_broker_acl_denied_total{action=\"" + action + "\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
