package com.vendhub.realtime.ingest.status;

import com.vendhub.realtime.schema.machines.MachineCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a machine {@code offline} when nothing has been heard from it for the silence timeout
 * (docs/protocol.md, "Online, offline, status"): a connection that is half-open, or a machine that stays
 * connected but has stopped publishing, otherwise looks online for ever. One daemon thread checks
 * a few times per timeout; the change is stored and emitted like any other, with source {@code silence}.
 */
public final class SilenceWatch implements AutoCloseable {

    /** The contract's default: three minutes without a message. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);
    /** The check never runs less often than this, so a long timeout is still noticed promptly. */
    static final Duration MAX_CHECK_PERIOD = Duration.ofSeconds(10);
    static final Duration MIN_CHECK_PERIOD = Duration.ofMillis(50);

    private static final Logger LOG = LoggerFactory.getLogger(SilenceWatch.class);

    private final StatusTracker status;
    private final MachineCatalog machines;
    private final Clock clock;
    private final Duration timeout;
    private final Counter expired;
    private final ScheduledExecutorService scheduler;

    public SilenceWatch(StatusTracker status, MachineCatalog machines, Clock clock, Duration timeout,
                        MeterRegistry metrics) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the silence timeout must be positive, got " + timeout);
        }
        this.status = status;
        this.machines = machines;
        this.clock = clock;
        this.timeout = timeout;
        this.expired = Counter.builder("vendhub.ingest.status.silence.offline")
                .description("Machines made offline because nothing was heard from them for the silence timeout")
                .register(metrics);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "silence-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** The period of the check: a quarter of the timeout, within [50 ms, 10 s]. */
    static Duration checkPeriod(Duration timeout) {
        Duration quarter = timeout.dividedBy(4);
        if (quarter.compareTo(MAX_CHECK_PERIOD) > 0) {
            return MAX_CHECK_PERIOD;
        }
        return quarter.compareTo(MIN_CHECK_PERIOD) < 0 ? MIN_CHECK_PERIOD : quarter;
    }

    public void start() {
        long period = checkPeriod(timeout).toNanos();
        scheduler.scheduleWithFixedDelay(this::check, period, period, TimeUnit.NANOSECONDS);
        LOG.info("silence timeout {}: a machine not heard from for that long becomes offline", timeout);
    }

    /** One pass: every machine silent for longer than the timeout becomes offline. Never throws. */
    void check() {
        try {
            Instant now = clock.instant();
            Instant cutoff = now.minus(timeout);
            for (UUID id : status.silentSince(cutoff)) {
                machines.organizationOf(id).ifPresent(org -> {
                    if (status.expireIfSilent(id, org, cutoff, now)) {
                        expired.increment();
                    }
                });
            }
        } catch (RuntimeException e) {
            // A failed pass must not end the schedule (the executor would cancel it silently).
            LOG.error("silence check failed", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
