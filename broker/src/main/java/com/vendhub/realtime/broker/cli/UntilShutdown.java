package com.vendhub.realtime.broker.cli;

import java.util.concurrent.CountDownLatch;

/** How {@code serve}, {@code ingest} and {@code fanout} run: until SIGTERM or Ctrl-C, closed in a shutdown hook. */
final class UntilShutdown {

    private UntilShutdown() {
    }

    /** Blocks until the JVM is asked to stop and {@code close} has run; exit code 0. */
    static int await(Runnable close) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close.run();
            } finally {
                stopped.countDown();
            }
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
