package com.vendhub.realtime.broker.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process started, closed newest first: a part closes before what it depends on. Each
 * failure is logged and does not stop the others. Used by one starting thread, then one closing one.
 */
public final class ShutdownStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownStack.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Remembers {@code part}, started after everything pushed before it; returns it. */
    public <T extends AutoCloseable> T push(T part) {
        started.push(part);
        return part;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", c.getClass().getSimpleName(), e);
            }
        }
    }
}
