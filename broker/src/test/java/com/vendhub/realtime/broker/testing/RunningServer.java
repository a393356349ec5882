package com.vendhub.realtime.broker.testing;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.vendhub.realtime.broker.app.DeviceAccessSettings;
import com.vendhub.realtime.broker.app.DevelopmentTokens;
import com.vendhub.realtime.broker.app.DemoSettings;
import com.vendhub.realtime.broker.app.DurabilitySettings;
import com.vendhub.realtime.broker.app.IngestTuning;
import com.vendhub.realtime.broker.app.JwtSettings;
import com.vendhub.realtime.broker.app.MqttListenerSettings;
import com.vendhub.realtime.broker.app.ServeSettings;
import com.vendhub.realtime.broker.app.VendhubServer;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.broker.db.EmbeddedDurability;
import com.vendhub.realtime.fanout.testing.SocketIoTestClient;
import com.vendhub.realtime.fanout.FanoutConfig;
import com.vendhub.realtime.ingest.EventWriterSettings;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real {@code vendhub serve} in this JVM on free ports, with the embedded PostgreSQL in a fresh
 * data directory, and helpers to act as a device, a dashboard user and an operator.
 */
public final class RunningServer implements AutoCloseable {

    public static final String JWT_SECRET = "test-secret-for-vendhub-realtime-0123456789";
    /** The MQTT service clients' password in tests. */
    public static final String SERVICE_SECRET = "test-service-secret-0123456789";

    private final VendhubServer server;
    private final Path dataDirectory;
    private final DevelopmentTokens tokens;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningServer(VendhubServer server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.tokens = new DevelopmentTokens(JWT_SECRET, Clock.systemUTC());
    }

    public static RunningServer start() {
        try {
            return start(Files.createTempDirectory("vendhub-test-"), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RunningServer start(Path dataDirectory, boolean demo) {
        return start(dataDirectory, demo, DeviceAccessSettings.defaults().withServiceSecret(SERVICE_SECRET));
    }

    /** A server with these device-access settings (service secret, TLS, limits, silence timeout). */
    public static RunningServer start(DeviceAccessSettings devices) {
        try {
            return start(Files.createTempDirectory("vendhub-test-"), false, devices);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RunningServer start(Path dataDirectory, boolean demo, DeviceAccessSettings devices) {
        return start(dataDirectory, demo, devices, IngestTuning.defaults(dataDirectory));
    }

    /** A server with these events-writer settings (queues, dead-letter budget and retention). */
    public static RunningServer start(EventWriterSettings events) {
        try {
            return start(Files.createTempDirectory("vendhub-test-"), events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server with these events-writer settings in this data directory (a restart reuses it). */
    public static RunningServer start(Path dataDirectory, EventWriterSettings events) {
        return start(dataDirectory, false, DeviceAccessSettings.defaults().withServiceSecret(SERVICE_SECRET),
                IngestTuning.defaults(dataDirectory).withEvents(events));
    }

    /**
     * The settings of a server on loopback with free ports, 4 connections, {@link #JWT_SECRET}, the embedded
     * database (durable, as by default) in {@code dataDirectory} and no status line: the base of every test server.
     */
    public static ServeSettings loopback(Path dataDirectory) {
        return ServeSettings.defaults(dataDirectory)
                .withHttp(FanoutConfig.builder().host("127.0.0.1").port(0).build())
                .withMqtt(MqttListenerSettings.defaults().withPort(0))
                .withDatabase(DatabaseSettings.embedded().withPoolSize(4))
                .withJwt(JwtSettings.secret(JWT_SECRET))
                .withStatusInterval(Duration.ZERO);
    }

    private static RunningServer start(Path dataDirectory, boolean demo, DeviceAccessSettings devices,
                                       IngestTuning tuning) {
        // Durability is not what these tests test: the embedded database runs in its fast (test) mode.
        // DurableDefaultInstallTest and the fault tests run it durable, as the product does by default.
        ServeSettings settings = loopback(dataDirectory)
                .withDevices(devices)
                .withIngest(tuning)
                .withDurability(DurabilitySettings.defaults().withEmbeddedDatabase(EmbeddedDurability.FAST))
                .withDemo(DemoSettings.off().withEnabled(demo).withInterval(Duration.ofSeconds(1)));
        try {
            return new RunningServer(VendhubServer.start(settings, Clock.systemUTC()), dataDirectory);
        } catch (Exception e) {
            throw new IllegalStateException("vendhub did not start", e);
        }
    }

    public VendhubServer server() {
        return server;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String httpBase() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    public ProvisionedMachine provision(UUID organizationId, String name) {
        return server.machines().provision(organizationId, name, 41.3, 69.24);
    }

    /** An access token for a dashboard user of {@code organizationId}. */
    public String userToken(UUID organizationId, String role) {
        return token("user-" + UUID.randomUUID(), organizationId, role);
    }

    /** An access token valid for an hour; {@code organizationId} null for a super admin. */
    public String token(String userId, UUID organizationId, String role) {
        return tokens.mint(userId, organizationId, role, Duration.ofHours(1));
    }

    /** A connected MQTT 3.1.1 device client with the machine's own credentials. */
    public Mqtt3BlockingClient connectDevice(ProvisionedMachine m) {
        Mqtt3BlockingClient client = device(m.machine().id().toString(), m.machine().id().toString(), m.deviceToken());
        client.connect();
        return client;
    }

    /** A device client, not yet connected, with any identity. */
    public Mqtt3BlockingClient device(String clientId, String username, String password) {
        var builder = Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(server.mqttPort());
        if (username != null) {
            builder = builder.simpleAuth().username(username)
                    .password(password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        return builder.buildBlocking();
    }

    /** A service client ({@code svc:<name>}), not yet connected. */
    public Mqtt3BlockingClient service(String name, String secret) {
        return device("svc:" + name, "svc:" + name, secret);
    }

    /** A connected service client ({@code svc:<name>}) with the service secret, as the VendHub backend connects. */
    public Mqtt3BlockingClient connectService(String name) {
        Mqtt3BlockingClient client = service(name, SERVICE_SECRET);
        client.connect();
        return client;
    }

    /** A connected Socket.IO dashboard of a user of {@code organizationId} in {@code role}. */
    public SocketIoTestClient dashboard(UUID organizationId, String role) {
        return dashboard(userToken(organizationId, role));
    }

    /** A Socket.IO dashboard connected with this access token. */
    public SocketIoTestClient dashboard(String accessToken) {
        return SocketIoTestClient.connect(URI.create(httpBase()), accessToken);
    }

    /** The stored status history of a machine, oldest first, as {@code status/source}. */
    public List<String> statusHistory(UUID machineId) {
        try (Connection c = server.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, source FROM machine_status_changes "
                     + "WHERE machine_id = ? ORDER BY changed_at")) {
            ps.setObject(1, machineId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1) + "/" + rs.getString(2));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET path} on the server's HTTP port, with this bearer token (none if null). */
    public HttpResponse<String> get(String path, String bearer) {
        return send(request(path, bearer).GET());
    }

    /** {@code POST path} with a JSON body (none if null) and this bearer token (none if null). */
    public HttpResponse<String> post(String path, String bearer, String json) {
        return send(json == null ? request(path, bearer).POST(HttpRequest.BodyPublishers.noBody())
                : request(path, bearer).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(httpBase() + path));
        return bearer == null ? b : b.header("Authorization", "Bearer " + bearer);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql) {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * The summed value of the Prometheus sample lines whose name (and labels, if given) start with
     * {@code prefix}, as {@link ServerProcess#metric} reads them; 0 when there is none.
     */
    public double metric(String prefix) {
        double sum = 0;
        for (String line : server.metrics().scrape().split("\n")) {
            if (line.startsWith(prefix) && line.length() > prefix.length()
                    && " {,}".indexOf(line.charAt(prefix.length())) >= 0) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Override
    public void close() {
        server.close();
    }
}
