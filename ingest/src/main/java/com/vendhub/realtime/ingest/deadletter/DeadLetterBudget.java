package com.vendhub.realtime.ingest.deadletter;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many dead letters each client may still have stored this minute (docs/security.md, "Dead letters
 * cannot crowd out what matters"): one
 * device sending junk in a loop must not fill the database or the writer's queue; its messages past
 * the budget are only counted. Fixed one-minute windows; the map holds the clients that dead-lettered
 * in the current window only (each authenticated and connected, so within the connection limit) and
 * is emptied when the window turns. Messages without a client (an unattributable topic in cluster
 * mode) share one budget.
 */
final class DeadLetterBudget {

    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final String UNATTRIBUTED = "";

    private final int perMinute;
    private final LongSupplier nanoTime;
    private final Map<String, int[]> used = new HashMap<>();
    private long windowStart;

    DeadLetterBudget(int perMinute, LongSupplier nanoTime) {
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    /**
     * {@link Admission#STORE} when a dead letter of {@code client} may be stored; once its budget for this
     * minute is spent, {@link Admission#FIRST_OVER} (once per client and window, for one log line), then
     * {@link Admission#OVER}.
     */
    synchronized Admission admit(String client) {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= WINDOW_NANOS) {
            used.clear();
            windowStart = now;
        }
        int[] n = used.computeIfAbsent(client == null ? UNATTRIBUTED : client, k -> new int[1]);
        n[0] = n[0] == Integer.MAX_VALUE ? n[0] : n[0] + 1;
        if (n[0] <= perMinute) {
            return Admission.STORE;
        }
        return n[0] == perMinute + 1 ? Admission.FIRST_OVER : Admission.OVER;
    }

    /** What happens to one dead letter. */
    enum Admission {
        STORE, FIRST_OVER, OVER
    }
}
