package com.vendhub.realtime.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a process from outside: {@code /proc/<pid>/status} (VmRSS, Threads), {@code /proc/<pid>/fd},
 * {@code /proc/<pid>/stat} (CPU), and the Java heap after a full GC through one {@code jcmd -f}
 * (GC.run then GC.heap_info: one attach, one short-lived jcmd JVM per sample).
 */
final class ProcessProbe {

    /** Linux clock ticks per second for /proc/[pid]/stat (USER_HZ, 100 on every mainstream kernel). */
    private static final double TICKS_PER_SECOND = 100.0;
    /** "garbage-first heap   total 1048576K, used 123456K [...": the first "used" of GC.heap_info. */
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final Path jcmdCommands;
    private final String jcmd;

    ProcessProbe(long pid, Path workDir) throws IOException {
        this.pid = pid;
        this.jcmdCommands = workDir.resolve("jcmd-commands.txt");
        Files.writeString(jcmdCommands, "GC.run\nGC.heap_info\n", StandardCharsets.UTF_8);
        Path inJdk = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        this.jcmd = Files.isExecutable(inJdk) ? inJdk.toString() : "jcmd";
    }

    /** Java heap in use right after a full GC, in bytes; -1 when jcmd failed or timed out. */
    long heapAfterFullGc() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), "-f", jcmdCommands.toString())
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            Matcher m = HEAP_USED.matcher(new String(out, StandardCharsets.UTF_8));
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** VmRSS in bytes; -1 when the process is gone. */
    long rssBytes() {
        return statusField("VmRSS:") * 1024;
    }

    /** Threads of the process (the {@code Threads:} line, the entries of /proc/pid/task). */
    long threads() {
        return statusField("Threads:");
    }

    /** Open file descriptors (entries of /proc/pid/fd). */
    long fileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** User + system CPU seconds of the process so far. */
    double cpuSeconds() {
        return cpuSeconds(pid, false);
    }

    /**
     * CPU seconds of a PostgreSQL postmaster and its backends: its own, its exited children's
     * (cutime, cstime), and each live child's.
     */
    static double postgresCpuSeconds(Optional<Long> postmaster) {
        if (postmaster.isEmpty()) {
            return 0;
        }
        long pm = postmaster.get();
        double total = cpuSeconds(pm, true);
        try {
            String children = Files.readString(Path.of("/proc/" + pm + "/task/" + pm + "/children")).strip();
            if (!children.isEmpty()) {
                for (String c : children.split("\\s+")) {
                    total += cpuSeconds(Long.parseLong(c), false);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the postmaster is gone or the kernel hides children: its own figure stands
        }
        return total;
    }

    private static double cpuSeconds(long pid, boolean withExitedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime, stime, cutime, cstime are fields 14-17 of stat, 11-14 after the ") " split
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withExitedChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private long statusField(String prefix) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
            for (String l : lines) {
                if (l.startsWith(prefix)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return -1;
    }
}
