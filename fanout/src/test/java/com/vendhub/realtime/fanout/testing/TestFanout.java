package com.vendhub.realtime.fanout.testing;

import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.fanout.FanoutServer;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@link FanoutServer} on a free loopback port over {@link InMemoryMachines}, with helpers to
 * call its HTTP endpoints and to connect Socket.IO clients; closes the clients it made.
 *
 * <p>Registered as a JUnit extension it is closed for the test, even when the test fails: in an
 * instance field after each test, in a static field after all of the class's tests (JUnit calls
 * class-level callbacks only on extensions in static fields):
 * {@code @RegisterExtension final TestFanout fanout = TestFanout.start();}
 */
public final class TestFanout implements AutoCloseable, BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private final InMemoryMachines machines = new InMemoryMachines();
    private final StaticHealthProbe health = new StaticHealthProbe().set("broker", true).set("database", true);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TestTokens tokens = new TestTokens();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final FanoutServer server;
    private final URI base;
    private boolean perClass;

    private TestFanout(FanoutConfig.Builder config) throws InterruptedException {
        server = new FanoutServer(config.host("127.0.0.1").port(0).build(), JwtVerifier.hs256(TestTokens.SECRET),
                machines, machines, health, registry);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    /** Starts a server with the default configuration (bound to 127.0.0.1, a free port). */
    public static TestFanout start() {
        return start(FanoutConfig.builder());
    }

    /** Starts a server with {@code config} (host and port are overridden). */
    public static TestFanout start(FanoutConfig.Builder config) {
        try {
            return new TestFanout(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public FanoutServer server() {
        return server;
    }

    public InMemoryMachines machines() {
        return machines;
    }

    public StaticHealthProbe health() {
        return health;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public TestTokens tokens() {
        return tokens;
    }

    public URI base() {
        return base;
    }

    /** A token for {@code role} (an hour valid); {@code organizationId} may be null. */
    public String token(String userId, UUID organizationId, String role) {
        return tokens.token(userId, organizationId, role);
    }

    /** A connected Socket.IO client; closed with this server. */
    public SocketIoTestClient client(String userId, UUID organizationId, String role) {
        SocketIoTestClient c = SocketIoTestClient.connect(base, tokens.token(userId, organizationId, role));
        closeables.add(c);
        if (!c.isConnected()) {
            throw new IllegalStateException("client did not connect: " + c.rawPackets());
        }
        return c;
    }

    /**
     * One HTTP request; {@code token} null sends no {@code Authorization}, {@code body} null sends none.
     */
    public HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String token) {
        return send("GET", path, token, null);
    }

    public HttpResponse<String> post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    /** A counter's count, 0 when it was never registered. */
    public double counter(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
    }
}
