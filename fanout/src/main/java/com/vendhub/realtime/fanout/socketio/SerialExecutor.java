package com.vendhub.realtime.fanout.socketio;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one socket's commands in order on a shared pool, at most {@code maxPending} queued, so a
 * subscribe and the unsubscribe right after it can never swap while both may block on the database.
 */
final class SerialExecutor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final int maxPending;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool, int maxPending) {
        this.pool = Objects.requireNonNull(pool, "pool");
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be positive");
        }
        this.maxPending = maxPending;
    }

    /** Queues {@code task}; false when this socket already has {@code maxPending} tasks or the pool is full. */
    boolean offer(Runnable task) {
        synchronized (this) {
            if (queue.size() >= maxPending) {
                return false;
            }
            queue.add(task);
            if (running) {
                return true;
            }
            running = true;
        }
        try {
            pool.execute(this::drain);
            return true;
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                // running was false, so the queue held only this task.
                queue.clear();
                running = false;
            }
            return false;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                log.error("socket command failed", e);
            }
        }
    }
}
