package com.vendhub.realtime.broker.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.vendhub.realtime.broker.testing.RunningServer;
import com.vendhub.realtime.broker.testing.RunningServerExtension;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Found by RoomEventWireFuzzTest, here through a real {@code vendhub serve}: a backend event whose
 * bytes are not UTF-8 JSON. Malformed UTF-8 inside {@code data} went byte for byte into the Socket.IO
 * WebSocket text frame (which a client must fail, RFC 6455 section 8.1), and a UTF-16 envelope arrived
 * with its data replaced by null. Both are now refused ({@code not_json}) and reach nobody; the
 * room's sockets stay connected. "Not delivered" is proven with a later sentinel, never a timeout.
 */
class EventStreamEncodingTest {

    @RegisterExtension
    final RunningServerExtension vendhub = RunningServerExtension.defaults();

    @Test
    void anEventThatIsNotUtf8JsonReachesNobodyAndTheRoomStaysConnected(RunningServer server) {
        UUID org = UUID.randomUUID();
        Mqtt3BlockingClient backend = server.connectService("backend-1");
        SocketIoTestClient alice = server.dashboard(server.token("alice", org, "viewer"));
        assertThat(alice.subscribe("user:alice").path("ok").asBoolean()).isTrue();
        var rejected = server.server().metrics().find("vendhub.events.rejected")
                .tags("source", "mqtt", "reason", "not_json").counter();
        double before = rejected == null ? 0 : rejected.count();

        ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
        badUtf8.writeBytes(("{\"event\":\"notification\",\"organizationId\":\"" + org + "\",\"data\":{\"title\":\"")
                .getBytes(StandardCharsets.UTF_8));
        badUtf8.writeBytes(HexFormat.of().parseHex("f49f9a80")); // a 4-byte lead past U+10FFFF
        badUtf8.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
        publish(backend, badUtf8.toByteArray());
        publish(backend, ("{\"event\":\"notification\",\"data\":{\"title\":\"t\"},\"organizationId\":\"" + org + "\"}")
                .getBytes(StandardCharsets.UTF_16LE));
        publish(backend, ("{\"event\":\"sentinel\",\"data\":{\"n\":1},\"organizationId\":\"" + org + "\"}")
                .getBytes(StandardCharsets.UTF_8));

        alice.awaitEvent("sentinel", d -> d.path("n").asInt() == 1);
        assertThat(alice.isConnected()).isTrue();
        assertThat(alice.events("notification")).isEmpty();
        assertThat(server.server().metrics().find("vendhub.events.rejected")
                .tags("source", "mqtt", "reason", "not_json").counter().count()).isEqualTo(before + 2);
        alice.close();
        backend.disconnect();
    }

    private static void publish(Mqtt3BlockingClient backend, byte[] payload) {
        backend.publishWith().topic("vendhub/events/user:alice").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }
}
