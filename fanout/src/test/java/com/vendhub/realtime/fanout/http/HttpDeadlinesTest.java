package com.vendhub.realtime.fanout.http;

import static com.vendhub.realtime.fanout.http.RawHttp.readUntilClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.fanout.testing.TestFanout;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md, "The HTTP port", through the real HTTP server with raw sockets: a request trickled one byte at a
 * time is closed at the header (or body) deadline however often bytes come, and the connection cap
 * answers the connection past it with 503. Waits are generous polls; nothing asserts a duration.
 */
class HttpDeadlinesTest {

    private static final UUID ORG = UUID.randomUUID();

    private TestFanout fanout;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (fanout != null) {
            fanout.close();
        }
    }

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", fanout.server().port());
        s.setSoTimeout(60_000); // only a safety net: the server must close long before
        sockets.add(s);
        return s;
    }

    /** Writes one byte every 200 ms until the server closes the connection or {@code stop} is set. */
    private static void trickle(Socket socket, byte[] bytes, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (int i = 0; !stop.get(); i = (i + 1) % bytes.length) {
                    out.write(bytes[i]);
                    out.flush();
                    Thread.sleep(200); // pacing the attack, not a timing assertion
                }
            } catch (IOException | InterruptedException e) {
                // closed by the server: what we wait for
            }
        }, "slowloris");
        t.setDaemon(true);
        t.start();
    }

    @Test
    void aRequestHeadTrickledOneByteAtATimeIsClosedAtTheHeaderDeadline() throws Exception {
        // The old idle bound (reset by any byte) is short too: only a deadline that bytes do not extend closes it.
        fanout = TestFanout.start(FanoutConfig.builder().httpHeaderTimeout(Duration.ofSeconds(1))
                .httpIdleTimeout(Duration.ofSeconds(2)));
        SocketIoTestClient dashboard = fanout.client("viewer", ORG, "viewer");
        Socket slow = open();
        slow.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Pad: ".getBytes(StandardCharsets.US_ASCII));
        AtomicBoolean stop = new AtomicBoolean();
        trickle(slow, "a".getBytes(StandardCharsets.US_ASCII), stop);

        String answer = readUntilClosed(slow);
        stop.set(true);

        assertThat(answer).as("a request that never arrived gets no answer").isEmpty();
        assertThat(fanout.counter("vendhub.fanout.http.timeouts", "phase", "header")).isEqualTo(1);
        // The websocket connected before is not an HTTP request in flight: untouched by the deadlines.
        assertThat(dashboard.subscribe("machines:all").path("ok").asBoolean()).isTrue();
        // A connection that never sends anything is bounded by the same deadline.
        assertThat(readUntilClosed(open())).isEmpty();
        assertThat(fanout.counter("vendhub.fanout.http.timeouts", "phase", "header")).isEqualTo(2);
    }

    @Test
    void aRequestBodyTrickledOneByteAtATimeGets408AtTheBodyDeadline() throws Exception {
        fanout = TestFanout.start(FanoutConfig.builder().httpBodyTimeout(Duration.ofSeconds(1))
                .httpIdleTimeout(Duration.ofSeconds(2)));
        Socket slow = open();
        slow.getOutputStream().write(("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10000\r\n\r\n{\"room\":").getBytes(StandardCharsets.US_ASCII));
        AtomicBoolean stop = new AtomicBoolean();
        trickle(slow, " ".getBytes(StandardCharsets.US_ASCII), stop);

        String answer = readUntilClosed(slow);
        stop.set(true);

        assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"");
        assertThat(fanout.counter("vendhub.fanout.http.timeouts", "phase", "body")).isEqualTo(1);
    }

    @Test
    void theConnectionPastTheCapGets503AndClosesWhileTheOthersWork() throws Exception {
        fanout = TestFanout.start(FanoutConfig.builder().httpMaxConnections(3));
        Gauge open = fanout.registry().find("vendhub.fanout.http.connections").gauge();
        assertThat(open).isNotNull();
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(open());
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> open.value() == 3);

        String refused = readUntilClosed(open());

        assertThat(refused).startsWith("HTTP/1.1 503").contains("\"error\":\"unavailable\"");
        assertThat(fanout.counter("vendhub.fanout.http.connections.refused")).isEqualTo(1);
        // Below the cap again, new connections are served.
        held.get(0).close();
        await().atMost(30, TimeUnit.SECONDS).until(() -> open.value() <= 2);
        Socket next = open();
        next.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(readUntilClosed(next)).startsWith("HTTP/1.1 200");
    }
}
