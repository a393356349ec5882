package com.vendhub.realtime.ingest.store;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;

/** At most one warning per interval about refused readings, saying how many were refused since the last one. */
final class RefusalLog {

    private final Logger log;
    private final long intervalNanos;
    private long lastLine;
    private long sinceLastLine;

    RefusalLog(Logger log, long interval, TimeUnit unit) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
    }

    synchronized void refused(Supplier<String> why) {
        sinceLastLine++;
        long now = System.nanoTime();
        if (lastLine != 0 && now - lastLine < intervalNanos) {
            return;
        }
        lastLine = now;
        log.warn("{}: {} readings refused since the last line; machines that wait for ack will publish them again",
                why.get(), sinceLastLine);
        sinceLastLine = 0;
    }
}
