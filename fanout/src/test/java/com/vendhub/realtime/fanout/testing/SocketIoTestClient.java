package com.vendhub.realtime.fanout.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A small Socket.IO v5 / Engine.IO v4 client over a real WebSocket ({@link java.net.http.WebSocket}):
 * handshake with an auth token, automatic pongs, events with ack ids, and a log of everything
 * received. Enough to drive the fan-out the way socket.io-client does, without Node.
 *
 * <pre>{@code
 * try (SocketIoTestClient c = SocketIoTestClient.builder(URI.create("http://localhost:" + port))
 *         .token(jwt).connect()) {
 *     JsonNode ack = c.subscribe("machines:all");          // {"ok":true,"room":"machines:all"}
 *     JsonNode status = c.awaitEvent("machine:status", d -> true);
 * }
 * }</pre>
 */
public final class SocketIoTestClient implements AutoCloseable {

    /** One server-to-client event: its name and first argument. */
    public record ReceivedEvent(String name, JsonNode data) {
    }

    /** How long the blocking helpers wait unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Object lock = new Object();
    private final List<String> rawPackets = new ArrayList<>();
    private final List<ReceivedEvent> events = new ArrayList<>();
    private final Map<Long, CompletableFuture<JsonNode>> pendingAcks = new ConcurrentHashMap<>();
    private final AtomicLong nextAckId = new AtomicLong();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final CompletableFuture<JsonNode> openPacket = new CompletableFuture<>();
    private final CompletableFuture<String> connectOutcome = new CompletableFuture<>();
    private final boolean autoPong;
    private final String namespace;
    private final Duration timeout;
    private volatile WebSocket webSocket;
    private volatile String socketId;
    private volatile String pid;
    private volatile String connectError;
    private volatile int pingsReceived;

    private SocketIoTestClient(Builder builder) {
        this.autoPong = builder.autoPong;
        this.namespace = builder.namespace;
        this.timeout = builder.timeout;
    }

    /** {@code baseUri} is the server's HTTP base, e.g. {@code http://localhost:8080}. */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** Connects with {@code auth: {token}} on the main namespace. */
    public static SocketIoTestClient connect(URI baseUri, String token) {
        return builder(baseUri).token(token).connect();
    }

    /** Options for a connection. */
    public static final class Builder {
        private final URI baseUri;
        private String token;
        private String recoverPid;
        private String bearerHeader;
        private String namespace = "/";
        private boolean autoPong = true;
        private boolean sendConnect = true;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(URI baseUri) {
            this.baseUri = baseUri;
        }

        /** Sent as the CONNECT packet's auth payload {@code {"token": ...}}. */
        public Builder token(String value) {
            token = value;
            return this;
        }

        /**
         * Connection state recovery: sent as {@code pid} next to the token in the CONNECT auth (no
         * {@code offset}: the server resumes from where the old socket connected).
         */
        public Builder recover(String previousPid) {
            recoverPid = previousPid;
            return this;
        }

        /** Sent as {@code Authorization: Bearer <value>} on the WebSocket upgrade request. */
        public Builder bearerHeader(String value) {
            bearerHeader = value;
            return this;
        }

        public Builder namespace(String value) {
            namespace = value;
            return this;
        }

        /** Whether to answer the server's pings (default true); false simulates a dead client. */
        public Builder autoPong(boolean value) {
            autoPong = value;
            return this;
        }

        /** Whether to send the Socket.IO CONNECT after the Engine.IO open (default true). */
        public Builder sendConnect(boolean value) {
            sendConnect = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        /**
         * Opens the WebSocket, waits for the Engine.IO open packet, sends CONNECT and waits for
         * CONNECT or CONNECT_ERROR (see {@link #isConnected()} and {@link #connectError()}).
         */
        public SocketIoTestClient connect() {
            SocketIoTestClient client = new SocketIoTestClient(this);
            String authority = baseUri.getAuthority();
            URI ws = URI.create(("https".equals(baseUri.getScheme()) ? "wss" : "ws") + "://" + authority
                    + "/socket.io/?EIO=4&transport=websocket");
            WebSocket.Builder wsBuilder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(timeout);
            if (bearerHeader != null) {
                wsBuilder.header("Authorization", "Bearer " + bearerHeader);
            }
            client.webSocket = client.await(wsBuilder.buildAsync(ws, client.new Listener()), "websocket upgrade");
            client.await(client.openPacket, "Engine.IO open packet");
            if (sendConnect) {
                ObjectNode auth = MAPPER.createObjectNode();
                if (token != null) {
                    auth.put("token", token);
                }
                if (recoverPid != null) {
                    auth.put("pid", recoverPid);
                }
                String nsp = "/".equals(namespace) ? "" : namespace + ",";
                client.sendRaw("40" + nsp + auth);
                client.await(client.connectOutcome, "Socket.IO CONNECT answer");
            }
            return client;
        }
    }

    /** The Engine.IO open packet's JSON ({@code sid}, {@code pingInterval}, ...). */
    public JsonNode handshake() {
        return openPacket.join();
    }

    public boolean isConnected() {
        return socketId != null && !closed.isDone();
    }

    public Optional<String> socketId() {
        return Optional.ofNullable(socketId);
    }

    /** The CONNECT_ERROR message (e.g. {@code Unauthorized}), if the connect was refused. */
    public Optional<String> connectError() {
        return Optional.ofNullable(connectError);
    }

    /** Sends {@code 42[event, ...args]}. */
    public void emit(String event, Object... args) {
        sendRaw("42" + eventArray(event, args));
    }

    /** Sends {@code 42<id>[event, ...args]}; completes with the ack's argument array. */
    public CompletableFuture<JsonNode> emitWithAck(String event, Object... args) {
        long id = nextAckId.getAndIncrement();
        CompletableFuture<JsonNode> ack = new CompletableFuture<>();
        pendingAcks.put(id, ack);
        sendRaw("42" + id + eventArray(event, args));
        return ack;
    }

    /** Emits {@code subscribe {room}} with an ack and returns the ack's first argument ({@code {ok, room|error}}). */
    public JsonNode subscribe(String room) {
        return await(emitWithAck("subscribe", Map.of("room", room)), "subscribe ack").get(0);
    }

    /** Emits {@code unsubscribe {room}} with an ack and returns the ack's first argument. */
    public JsonNode unsubscribe(String room) {
        return await(emitWithAck("unsubscribe", Map.of("room", room)), "unsubscribe ack").get(0);
    }

    /** Sends one raw Engine.IO packet (text frame), e.g. {@code "42[\"x\"]"}. */
    public void sendRaw(String engineIoPacket) {
        synchronized (this) {
            // java.net.http.WebSocket allows one outstanding send; serialize and wait.
            await(webSocket.sendText(engineIoPacket, true), "send");
        }
    }

    /** Every event received so far, in order. */
    public List<ReceivedEvent> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    public List<ReceivedEvent> events(String name) {
        return events().stream().filter(e -> e.name().equals(name)).toList();
    }

    /** Forgets received events (long tests keep memory flat). */
    public void clearEvents() {
        synchronized (lock) {
            events.clear();
        }
    }

    /** Every Engine.IO packet received so far, as text. */
    public List<String> rawPackets() {
        synchronized (lock) {
            return List.copyOf(rawPackets);
        }
    }

    public int pingsReceived() {
        return pingsReceived;
    }

    /** Waits for an event named {@code name} whose data matches; returns the first such event's data. */
    public JsonNode awaitEvent(String name, Predicate<JsonNode> match) {
        ReceivedEvent found = awaitReceived(
                received -> received.stream().filter(e -> e.name().equals(name) && match.test(e.data())).findFirst()
                        .orElse(null),
                received -> "no " + name + " event" + closedNote() + "; received " + received);
        return found.data();
    }

    /** Waits until at least {@code count} events named {@code name} have arrived; returns how many there are. */
    public int awaitEventCount(String name, int count) {
        return awaitReceived(
                received -> {
                    int seen = count(received, name);
                    return seen >= count ? seen : null;
                },
                received -> "only " + count(received, name) + " of " + count + " " + name + " events" + closedNote());
    }

    /**
     * Waits until {@code found} answers non-null for the events received so far, then returns that
     * answer; fails with {@code missing}'s message at the timeout or when the connection closes.
     */
    private <T> T awaitReceived(Function<List<ReceivedEvent>, T> found, Function<List<ReceivedEvent>, String> missing) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                T answer = found.apply(events);
                if (answer != null) {
                    return answer;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed.isDone()) {
                    throw new AssertionError(missing.apply(events));
                }
                try {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
    }

    private static int count(List<ReceivedEvent> received, String name) {
        return (int) received.stream().filter(e -> e.name().equals(name)).count();
    }

    private String closedNote() {
        return closed.isDone() ? " (connection closed)" : "";
    }

    /** Completes with the WebSocket close status code (or -1 on an abrupt end) once the connection is gone. */
    public CompletableFuture<Integer> closeFuture() {
        return closed;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** The private session id of the CONNECT answer, presented to recover the session. */
    public Optional<String> pid() {
        return Optional.ofNullable(pid);
    }

    /** The network drops: the connection ends without a Socket.IO DISCONNECT (the server may keep it for recovery). */
    public void drop() {
        if (webSocket != null) {
            webSocket.abort();
        }
    }

    /** Sends a Socket.IO DISCONNECT and closes the WebSocket. */
    @Override
    public void close() {
        if (closed.isDone() || webSocket == null) {
            return;
        }
        try {
            if (socketId != null) {
                sendRaw("41");
            }
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | AssertionError | RuntimeException e) {
            // already closing
        } finally {
            webSocket.abort();
            closed.complete(-1);
        }
    }

    private String eventArray(String event, Object... args) {
        ArrayNode array = MAPPER.createArrayNode().add(event);
        for (Object arg : args) {
            array.add(MAPPER.valueToTree(arg));
        }
        return array.toString();
    }

    private <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; received " + rawPackets());
        }
    }

    private void onPacket(String packet) {
        synchronized (lock) {
            rawPackets.add(packet);
            lock.notifyAll();
        }
        if (packet.isEmpty()) {
            return;
        }
        switch (packet.charAt(0)) {
            case '0' -> openPacket.complete(parse(packet.substring(1)));
            case '2' -> {
                pingsReceived++;
                if (autoPong) {
                    sendAsync("3" + packet.substring(1));
                }
            }
            case '4' -> onSocketIo(packet.substring(1));
            default -> { }
        }
    }

    private void onSocketIo(String packet) {
        if (packet.isEmpty()) {
            return;
        }
        char type = packet.charAt(0);
        String rest = packet.substring(1);
        if (rest.startsWith("/")) {
            int comma = rest.indexOf(',');
            rest = comma < 0 ? "" : rest.substring(comma + 1);
        }
        switch (type) {
            case '0' -> {
                socketId = parse(rest).path("sid").asText(null);
                pid = parse(rest).path("pid").asText(null);
                connectOutcome.complete("connected");
            }
            case '4' -> {
                JsonNode data = parse(rest);
                connectError = data.isTextual() ? data.textValue() : data.path("message").asText();
                connectOutcome.complete("error");
            }
            case '2' -> {
                int start = rest.indexOf('[');
                JsonNode array = parse(rest.substring(start));
                synchronized (lock) {
                    events.add(new ReceivedEvent(array.get(0).asText(), array.size() > 1 ? array.get(1) : null));
                    lock.notifyAll();
                }
            }
            case '3' -> {
                int start = rest.indexOf('[');
                long id = Long.parseLong(rest.substring(0, start));
                CompletableFuture<JsonNode> ack = pendingAcks.remove(id);
                if (ack != null) {
                    ack.complete(parse(rest.substring(start)));
                }
            }
            case '1' -> socketId = null;
            default -> { }
        }
    }

    private void sendAsync(String text) {
        // Pongs come from the listener thread; hop off it so sendRaw's wait cannot deadlock the reader.
        CompletableFuture.runAsync(() -> {
            try {
                sendRaw(text);
            } catch (AssertionError | RuntimeException e) {
                // connection closing
            }
        });
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("server sent invalid JSON: " + json, e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String packet = partial.toString();
                partial.setLength(0);
                onPacket(packet);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            finish(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            finish(-1);
        }

        private void finish(int status) {
            closed.complete(status);
            openPacket.completeExceptionally(new IllegalStateException("closed with " + status));
            connectOutcome.completeExceptionally(new IllegalStateException("closed with " + status));
            pendingAcks.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed")));
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }
}
