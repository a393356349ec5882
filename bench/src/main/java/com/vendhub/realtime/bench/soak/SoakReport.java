package com.vendhub.realtime.bench.soak;

import java.util.List;
import java.util.Locale;

/**
 * The one-page result: pass/fail per invariant, the figures (CPU per reading among them), and the
 * samples table (every sample up to 40, else evenly thinned; {@code samples.csv} has them all).
 */
record SoakReport(String title, List<String> setup, List<Invariant> invariants, List<String> figures,
        List<Sample> samples, long sampleSeconds) {

    private static final int MAX_TABLE_ROWS = 40;

    boolean passed() {
        return invariants.stream().allMatch(Invariant::passed);
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("# ").append(title).append(" — ").append(passed() ? "PASS" : "FAIL").append("\n\n");
        setup.forEach(l -> s.append("- ").append(l).append('\n'));
        s.append("\n| invariant | result | detail |\n| --- | --- | --- |\n");
        for (Invariant i : invariants) {
            s.append("| ").append(i.name()).append(" | ").append(i.passed() ? "pass" : "**FAIL**").append(" | ")
                    .append(i.detail().replace("|", "\\|")).append(" |\n");
        }
        s.append('\n');
        figures.forEach(l -> s.append("- ").append(l).append('\n'));
        s.append("\nSamples (server process, from outside; rates per second over the preceding interval):\n\n");
        s.append("| t s | heap after GC MiB | RSS MiB | threads | fds | JVM CPU % | PG CPU % | in/s | stored/s "
                + "| acked | outbox pending | delivered/s | dashboards up | ready |\n");
        s.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        int step = Math.max(1, (samples.size() + MAX_TABLE_ROWS - 1) / MAX_TABLE_ROWS);
        for (int i = 0; i < samples.size(); i++) {
            if (i % step != 0 && i != samples.size() - 1) {
                continue;
            }
            Sample x = samples.get(i);
            Sample p = i == 0 ? null : samples.get(i - 1);
            double dt = p == null ? Math.max(1, x.seconds()) : Math.max(1, x.seconds() - p.seconds());
            s.append(String.format(Locale.ROOT,
                    "| %d | %s | %.0f | %d | %d | %.0f | %.0f | %.0f | %.0f | %d | %d | %.0f | %d | %d |%n",
                    x.seconds(), x.heapAfterGc() < 0 ? "?" : String.format(Locale.ROOT, "%.1f", x.heapAfterGc() / Flatness.MIB),
                    x.rss() / Flatness.MIB, x.threads(), x.fds(),
                    p == null ? 0 : 100 * (x.jvmCpu() - p.jvmCpu()) / dt,
                    p == null ? 0 : 100 * (x.postgresCpu() - p.postgresCpu()) / dt,
                    p == null ? 0 : (x.received() - p.received()) / dt,
                    p == null ? 0 : (x.committed() - p.committed()) / dt,
                    x.acked(), x.outboxPending(),
                    p == null ? 0 : (x.delivered() - p.delivered()) / dt,
                    x.dashboardsUp(), x.ready()));
        }
        if (step > 1) {
            s.append("\n(every ").append(step).append(" samples shown; all in samples.csv)\n");
        }
        return s.toString();
    }

    static String csvHeader() {
        return "seconds,heap_after_gc_bytes,rss_bytes,threads,fds,jvm_cpu_s,postgres_cpu_s,received,committed,acked,"
                + "outbox_pending,delivered,dashboards_up,ready,metrics_answered";
    }

    static String csv(Sample x) {
        return String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%.2f,%.2f,%d,%d,%d,%d,%d,%d,%d,%b", x.seconds(), x.heapAfterGc(),
                x.rss(), x.threads(), x.fds(), x.jvmCpu(), x.postgresCpu(), x.received(), x.committed(), x.acked(),
                x.outboxPending(), x.delivered(), x.dashboardsUp(), x.ready(), x.metricsAnswered());
    }
}
