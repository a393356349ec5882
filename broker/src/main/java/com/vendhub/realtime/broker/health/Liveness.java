package com.vendhub.realtime.broker.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code GET /health/live} answers: down (503) once a critical worker thread has died or the JVM
 * threw a {@link VirtualMachineError} ({@link OutOfMemoryError} above all) on any thread, so that a
 * supervisor restarts the process; otherwise a heap exhausted by a CONNECT flood could kill the batch
 * writer, the events writer and the database check while liveness kept answering 200 (docs/operations.md,
 * "Health").
 *
 * <p>Critical threads are registered with {@link #watch}; {@link #watchStartedSince} finds the ones a
 * start created by name, so the ingest classes that own them need no liveness code. An error that a
 * worker catches itself and survives leaves the thread alive and is not seen here; run the JVM with
 * {@code -XX:+ExitOnOutOfMemoryError} as well (docs/operations.md, "Health").
 */
public final class Liveness implements AutoCloseable {

    /** Names of the worker threads of {@code vendhub serve} whose death stops storage, acks or checks. */
    public static final Set<String> CRITICAL_THREAD_NAMES = Set.of("ingest", "commit-acks", "telemetry-batch-writer",
            "database-check", "spool-sync");
    /** Writers name their thread {@code <name>-writer} (SerialWriter, TelemetryBatchWriter). */
    private static final String WRITER_SUFFIX = "-writer";

    private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);

    private final List<Thread> critical = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private volatile Thread.UncaughtExceptionHandler previous;
    private volatile Thread.UncaughtExceptionHandler installed;
    private volatile boolean closing;

    /** Watches {@code thread}: liveness fails once it has ended while this process is not stopping. */
    public void watch(Thread thread) {
        critical.add(thread);
    }

    /**
     * Watches every live thread with a critical name ({@link #CRITICAL_THREAD_NAMES} or {@code *-writer})
     * that is not in {@code before}: the threads a start created. Returns their names.
     */
    public List<String> watchStartedSince(Set<Thread> before) {
        List<String> names = new CopyOnWriteArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.isAlive() && isCritical(t.getName())) {
                watch(t);
                names.add(t.getName());
            }
        }
        return names;
    }

    static boolean isCritical(String name) {
        return CRITICAL_THREAD_NAMES.contains(name) || name.endsWith(WRITER_SUFFIX);
    }

    /**
     * Becomes the JVM's default uncaught-exception handler (the one before it still runs), so that an
     * error ending any thread is seen. A JVM has one such handler; {@link #close} puts the previous back.
     */
    public void installUncaughtHandler() {
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.UncaughtExceptionHandler mine = this::uncaught;
        installed = mine;
        Thread.setDefaultUncaughtExceptionHandler(mine);
    }

    /**
     * The seam the JVM calls when a thread ends with {@code error}: a {@link VirtualMachineError} makes
     * liveness fail for good (the heap or stack state after one cannot be trusted); a critical thread's
     * death is seen by {@link #components} anyway.
     */
    public void uncaught(Thread thread, Throwable error) {
        try {
            if (error instanceof VirtualMachineError) {
                fatal.compareAndSet(null, error.getClass().getSimpleName() + " on thread " + thread.getName());
            }
            LOG.error("thread {} ended with an uncaught {}", thread.getName(), error.toString());
        } finally {
            Thread.UncaughtExceptionHandler before = previous;
            if (before != null) {
                before.uncaughtException(thread, error);
            }
        }
    }

    /** {@code jvm}: no fatal error; one entry per watched thread, true while it runs. Stable while stopping. */
    public Map<String, Boolean> components() {
        Map<String, Boolean> c = new LinkedHashMap<>();
        c.put("jvm", fatal.get() == null);
        boolean stopping = closing;
        for (Thread t : critical) {
            c.merge("thread:" + t.getName(), stopping || t.isAlive(), Boolean::logicalAnd);
        }
        return c;
    }

    /** True while nothing fatal happened and every watched thread runs (or the process is stopping). */
    public boolean up() {
        return components().values().stream().allMatch(Boolean::booleanValue);
    }

    /** The first fatal error seen, if any, for the log. */
    public String fatalError() {
        return fatal.get();
    }

    /** The process is stopping: threads ending now are expected. Restores the previous default handler. */
    @Override
    public void close() {
        closing = true;
        if (installed != null && Thread.getDefaultUncaughtExceptionHandler() == installed) {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
