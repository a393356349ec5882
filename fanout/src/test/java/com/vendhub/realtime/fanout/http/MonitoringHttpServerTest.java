package com.vendhub.realtime.fanout.http;

import static com.vendhub.realtime.fanout.http.RawHttp.readUntilClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monitoring port of {@code vendhub ingest} under slow and hostile clients (docs/security.md, "The HTTP port"),
 * through the real server with raw sockets: a client that sends half a request and stops holds only its own
 * connection, until the header deadline, while {@code /health/live}, {@code /health/ready} and {@code /metrics}
 * are answered to everyone else; the connection past the cap gets 503. Waits are generous; nothing asserts a
 * duration.
 */
class MonitoringHttpServerTest {

    /** What the JDK's server waited for forever: a request line and a header, and no blank line. */
    private static final String HALF_REQUEST = "GET /health/live HTTP/1.1\r\nHost: x\r\n";
    /** More stalled clients than the old server's one worker and queue of 16 could hold. */
    private static final int STALLED_CLIENTS = 20;
    private static final Duration LONG = Duration.ofMinutes(10);
    /** A cap the stalled clients of a test stay under. */
    private static final int ROOMY = 64;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final List<Socket> sockets = new ArrayList<>();
    private MonitoringHttpServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        registry.close();
    }

    private void start(Duration headerTimeout, int maxConnections) throws InterruptedException {
        server = MonitoringHttpServer.start("127.0.0.1", 0,
                new HttpServerInitializer.Limits(headerTimeout, LONG, LONG, maxConnections),
                () -> Map.of("database", databaseUp.get()), registry);
    }

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(60_000); // only a safety net: the old server never answered at all
        sockets.add(s);
        return s;
    }

    private Socket stalled() throws IOException {
        Socket s = open();
        s.getOutputStream().write(HALF_REQUEST.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** One whole {@code GET} with {@code Connection: close}; the raw answer. */
    private String get(String path) throws IOException {
        Socket s = open();
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return readUntilClosed(s);
    }

    private double counter(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void clientsThatSendHalfARequestAndStopDelayNobodyElse() throws Exception {
        start(LONG, ROOMY);
        for (int i = 0; i < STALLED_CLIENTS; i++) {
            stalled();
        }
        Gauge open = registry.find("vendhub.fanout.http.connections").gauge();
        assertThat(open).isNotNull();
        await().atMost(30, TimeUnit.SECONDS).until(() -> open.value() == STALLED_CLIENTS);

        assertThat(get("/health/live")).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"up\"}");
        assertThat(get("/health/ready")).startsWith("HTTP/1.1 200")
                .endsWith("{\"status\":\"up\",\"components\":{\"database\":\"up\"}}");
        assertThat(get("/metrics")).startsWith("HTTP/1.1 200").contains("text/plain; version=0.0.4")
                .contains("vendhub_fanout_http_connections");
        databaseUp.set(false);
        assertThat(get("/health/ready")).startsWith("HTTP/1.1 503")
                .endsWith("{\"status\":\"down\",\"components\":{\"database\":\"down\"}}");
        assertThat(get("/nothing-here")).startsWith("HTTP/1.1 404").contains("\"error\":\"not_found\"");
        assertThat(counter("vendhub.fanout.http.timeouts", "phase", "header")).as("nobody timed out yet").isZero();
    }

    @Test
    void aClientThatSendsHalfARequestAndStopsIsClosedAtTheHeaderDeadline() throws Exception {
        start(Duration.ofSeconds(1), ROOMY);
        Socket slow = stalled();

        assertThat(readUntilClosed(slow)).as("a request that never arrived gets no answer").isEmpty();
        assertThat(counter("vendhub.fanout.http.timeouts", "phase", "header")).isEqualTo(1);
        assertThat(get("/health/live")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aRequestWithABodyIsRefusedWith413() throws Exception {
        start(LONG, ROOMY);
        Socket post = open();
        post.getOutputStream().write(("POST /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
                .getBytes(StandardCharsets.US_ASCII));

        assertThat(readUntilClosed(post)).startsWith("HTTP/1.1 413").contains("\"error\":\"payload_too_large\"");
    }

    @Test
    void theConnectionPastTheCapGets503AndTheOthersAreStillServed() throws Exception {
        start(LONG, 3);
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(stalled());
        }
        Gauge open = registry.find("vendhub.fanout.http.connections").gauge();
        await().atMost(30, TimeUnit.SECONDS).until(() -> open.value() == 3);

        assertThat(readUntilClosed(open())).startsWith("HTTP/1.1 503").contains("\"error\":\"unavailable\"");
        assertThat(counter("vendhub.fanout.http.connections.refused")).isEqualTo(1);
        held.get(0).close();
        await().atMost(30, TimeUnit.SECONDS).until(() -> open.value() <= 2);
        assertThat(get("/health/live")).startsWith("HTTP/1.1 200");
    }
}
