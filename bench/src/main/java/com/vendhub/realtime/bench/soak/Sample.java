package com.vendhub.realtime.bench.soak;

/**
 * One outside look at the server, every {@code sampleEvery} of the load phase.
 *
 * @param seconds        since the load phase began
 * @param heapAfterGc    Java heap in use right after a full GC (jcmd GC.run + GC.heap_info), bytes; -1 unknown
 * @param rss            VmRSS of the server JVM, bytes
 * @param threads        threads of the server JVM
 * @param fds            open file descriptors of the server JVM
 * @param jvmCpu         CPU seconds of the server JVM so far
 * @param postgresCpu    CPU seconds of its embedded PostgreSQL so far
 * @param received       {@code vendhub_ingest_messages_received_total}
 * @param committed      {@code vendhub_ingest_readings_committed_total}
 * @param acked          readings the simulated fleet has seen acknowledged so far
 * @param outboxPending  readings the fleet still waits an acknowledgement for
 * @param delivered      Socket.IO events the dashboards received so far
 * @param dashboardsUp   dashboards connected and subscribed right now
 * @param ready          HTTP status of {@code /health/ready} (0: no answer)
 * @param metricsAnswered whether {@code /metrics} answered; if not, received and committed repeat the last answer
 */
record Sample(long seconds, long heapAfterGc, long rss, long threads, long fds, double jvmCpu, double postgresCpu,
        long received, long committed, long acked, long outboxPending, long delivered, long dashboardsUp, int ready,
        boolean metricsAnswered) {
}
