package com.vendhub.realtime.broker.lifecycle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one order in which every {@code vendhub} process stops, whatever it runs (docs/architecture.md,
 * "Shutdown: ordered and bounded"): each part is registered under its {@link Stage} as it starts, and
 * {@link #close()} runs the stages in declaration order, the parts of one stage newest first. Each failure
 * is logged and does not stop the others; a part is stopped at most once, so closing a process whose start
 * failed half-way stops exactly what had started. Used by one starting thread, then one closing one.
 */
public final class ShutdownOrder implements AutoCloseable {

    /** What a process stops, in this order. */
    public enum Stage {
        /** Stop taking work: intake gates, subscriptions, simulators, watchers of the running process. */
        STOP_INTAKE,
        /** Write and acknowledge what was taken, within the bound less {@link #STOP_RESERVE}. */
        DRAIN,
        /** Stop what only reports or publishes: status lines, silence watches, outgoing MQTT clients. */
        STOP_OUTPUTS,
        /** Stop the servers: the embedded broker, HTTP + Socket.IO. */
        STOP_SERVERS,
        /** Stop the database last: its check, the pool, the embedded PostgreSQL. */
        STOP_DATABASE
    }

    /** A part's stop, told when the whole shutdown must be done ({@link System#nanoTime()} scale). */
    @FunctionalInterface
    public interface Step {
        void stop(long deadlineNanos) throws Exception;
    }

    /** The bound of a process without {@code --shutdown-timeout} given. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(20);
    /** What starts a process's parts on {@code parts}, registering each in its stage as it goes; returns the process. */
    @FunctionalInterface
    public interface Start<C, T> {
        T start(C parts) throws Exception;
    }

    /** Of the bound, what is kept for the stages after {@link Stage#DRAIN}. */
    public static final Duration STOP_RESERVE = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownOrder.class);

    private record Named(String name, Step step) {
    }

    private final Duration bound;
    private final Map<Stage, Deque<Named>> stages = new EnumMap<>(Stage.class);

    /**
     * Checks a {@code --shutdown-timeout} of any kind: at least 2 s, so that the stop reserve is not all of it.
     *
     * @return {@code bound}
     */
    public static Duration checkedBound(Duration bound) {
        if (bound.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("shutdown timeout must be at least 2 seconds");
        }
        return bound;
    }

    /** @param bound how long the whole shutdown may take ({@code --shutdown-timeout}) */
    public ShutdownOrder(Duration bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
        for (Stage stage : Stage.values()) {
            stages.put(stage, new ArrayDeque<>());
        }
    }

    /** Registers {@code part}, started now, to be closed in {@code stage}; returns it. */
    public <T extends AutoCloseable> T add(Stage stage, T part) {
        stages.get(stage).push(new Named(part.getClass().getSimpleName(), deadline -> part.close()));
        return part;
    }

    /** Registers a stop that needs the deadline or is more than a {@code close()}. */
    public void add(Stage stage, String name, Step step) {
        stages.get(stage).push(new Named(name, step));
    }

    /** How long the drain may take when it starts at {@code nowNanos}: the bound less the reserve, at least 1 s. */
    public static Duration drainBudget(long deadlineNanos, long nowNanos) {
        return Duration.ofNanos(Math.max(Duration.ofSeconds(1).toNanos(), deadlineNanos - STOP_RESERVE.toNanos() - nowNanos));
    }

    /** Runs {@code start} on {@code parts}; if it fails, closes them (stopping what had started) and rethrows. */
    public static <C extends AutoCloseable, T> T startOrClose(C parts, Start<C, T> start) throws Exception {
        try {
            return start.start(parts);
        } catch (Exception | Error e) {
            try {
                parts.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        long deadline = System.nanoTime() + bound.toNanos();
        for (Deque<Named> stage : stages.values()) {
            while (!stage.isEmpty()) {
                Named part = stage.pop();
                try {
                    part.step().stop(deadline);
                } catch (Exception e) {
                    LOG.warn("error while stopping {}", part.name(), e);
                }
            }
        }
    }
}
