package com.vendhub.realtime.fanout.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The fan-out's meters. Tag values are always drawn from small fixed vocabularies (reason codes,
 * HTTP statuses, route names), never from client input, so cardinality stays bounded.
 */
public final class FanoutMetrics {

    /** Common prefix of every meter name; Prometheus renders dots as underscores. */
    public static final String PREFIX = "vendhub.fanout.";

    /** Why a slow client is disconnected (websocket outbound bytes, unwritable too long, polling queue). */
    private static final String[] SLOW_CLIENT_REASONS = {"outbound_limit", "grace_expired", "polling_queue_full"};

    private final MeterRegistry registry;
    private final AtomicInteger connectedSockets = new AtomicInteger();
    private final AtomicInteger engineSessions = new AtomicInteger();
    private final Counter connects;
    private final Counter eventsPublished;
    private final Counter eventsWithoutSubscribers;
    private final Counter framesDelivered;
    private final Counter framesDropped;

    public FanoutMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Gauge.builder(PREFIX + "connected.sockets", connectedSockets, AtomicInteger::get)
                .description("Socket.IO sockets connected to the main namespace (authenticated)")
                .register(registry);
        Gauge.builder(PREFIX + "engine.sessions", engineSessions, AtomicInteger::get)
                .description("Open Engine.IO sessions, authenticated or not")
                .register(registry);
        this.connects = Counter.builder(PREFIX + "connects")
                .description("Successful Socket.IO connects").register(registry);
        this.eventsPublished = Counter.builder(PREFIX + "events.published")
                .description("Room events handed to the fan-out").register(registry);
        this.eventsWithoutSubscribers = Counter.builder(PREFIX + "events.without.subscribers")
                .description("Room events that had no member to go to").register(registry);
        this.framesDelivered = Counter.builder(PREFIX + "frames.delivered")
                .description("Event frames written to a socket").register(registry);
        this.framesDropped = Counter.builder(PREFIX + "frames.dropped")
                .description("Event frames not written because the socket was closing or the loop refused the task")
                .register(registry);
        // Registered at zero so that dashboards and alerts see the series before the first drop.
        for (String reason : SLOW_CLIENT_REASONS) {
            counter("slow.clients.disconnected", "Sockets closed because they stopped reading", "reason", reason);
        }
    }

    /** Registers a gauge owned by another component (e.g. the number of active rooms). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(PREFIX + name, value).description(description).register(registry);
    }

    public AtomicInteger connectedSockets() {
        return connectedSockets;
    }

    public AtomicInteger engineSessions() {
        return engineSessions;
    }

    public void connected() {
        connects.increment();
    }

    public void connectError(String reason) {
        counter("connect.errors", "Refused Socket.IO connects", "reason", reason).increment();
    }

    public void disconnected(String reason) {
        counter("disconnects", "Closed Engine.IO sessions", "reason", reason).increment();
    }

    /** A connected socket was disconnected because its token expired (plus the grace). */
    public void tokenExpired() {
        counter("token.expired.disconnects", "Sockets disconnected because their token expired").increment();
    }

    /** The HTTP server closed a connection whose {@code phase} (header, body, idle) took too long. */
    public void httpTimeout(String phase) {
        counter("http.timeouts", "HTTP connections closed because a request phase took too long", "phase", phase)
                .increment();
    }

    /** A connection over the HTTP connection limit got 503 and was closed. */
    public void httpConnectionRefused() {
        counter("http.connections.refused", "HTTP connections refused over --http-max-connections").increment();
    }

    public void eventPublished(boolean hadSubscribers) {
        eventsPublished.increment();
        if (!hadSubscribers) {
            eventsWithoutSubscribers.increment();
        }
    }

    public void framesDelivered(int count) {
        framesDelivered.increment(count);
    }

    public void frameDropped() {
        framesDropped.increment();
    }

    public void slowClientDisconnected(String reason) {
        counter("slow.clients.disconnected", "Sockets closed because they stopped reading", "reason", reason)
                .increment();
    }

    public void protocolError(String reason) {
        counter("protocol.errors", "Malformed or refused Engine.IO / Socket.IO input", "reason", reason).increment();
    }

    public void roomRefused(String reason) {
        counter("rooms.refused", "Refused subscribe requests", "reason", reason).increment();
    }

    public void unknownClientEvent() {
        counter("client.events.unknown", "Client events the fan-out does not handle").increment();
    }

    public void restRequest(String route, int status) {
        counter("rest.requests", "HTTP requests answered (REST, health, metrics)",
                "route", route, "status", Integer.toString(status)).increment();
    }

    public void workerRejected(String task) {
        counter("worker.rejected", "Tasks refused because the worker queue was full", "task", task).increment();
    }

    /** A polling session moved to websocket ("Protocol, Upgrade"). */
    public void upgraded() {
        counter("upgrades", "Polling sessions upgraded to websocket").increment();
    }

    /** A reconnecting socket got its state back ({@code true}) or a fresh session, and why. */
    public void recovery(String outcome) {
        counter("recoveries", "Connection state recovery attempts by outcome", "outcome", outcome).increment();
    }

    /** Recovery data dropped before its window ended because a bound was hit ({@code what}: events or sessions). */
    public void recoveryEvicted(String what) {
        counter("recovery.evicted", "Recovery entries evicted early by a size bound", "what", what).increment();
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(PREFIX + name).description(description).tags(tags).register(registry);
    }
}
