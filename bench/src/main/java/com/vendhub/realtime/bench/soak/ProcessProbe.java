package com.vendhub.realtime.bench.soak;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
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
 * {@code /proc/<pid>/stat} (CPU), and the Java heap after a full GC (see {@link #heapAfterFullGc()}).
 * Used by one thread.
 */
final class ProcessProbe {

    /** Linux clock ticks per second for /proc/[pid]/stat (USER_HZ, 100 on every mainstream kernel). */
    private static final double TICKS_PER_SECOND = 100.0;
    /** "garbage-first heap   total 1048576K, used 123456K [...": the first "used" of GC.heap_info. */
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final Path jcmdCommands;
    private final String jcmd;
    private JMXConnector jmx;
    private MemoryMXBean memoryBean;
    private boolean jmxFailed;

    ProcessProbe(long pid, Path workDir) throws IOException {
        this.pid = pid;
        this.jcmdCommands = workDir.resolve("jcmd-commands.txt");
        Files.writeString(jcmdCommands, "GC.run\nGC.heap_info\n", StandardCharsets.UTF_8);
        Path inJdk = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        this.jcmd = Files.isExecutable(inJdk) ? inJdk.toString() : "jcmd";
    }

    /**
     * Java heap in use right after a full GC, in bytes; -1 when it could not be read. Through the
     * server's local JMX agent (started once through the attach API: no JVM launched per sample, which
     * on a loaded host took seconds), else through {@code jcmd -f}.
     */
    long heapAfterFullGc() throws InterruptedException {
        MemoryMXBean memory = jmxMemory();
        if (memory != null) {
            try {
                memory.gc();
                return memory.getHeapMemoryUsage().getUsed();
            } catch (RuntimeException e) {
                jmxFailed = true; // the connection broke: jcmd from now on
            }
        }
        return heapAfterFullGcByJcmd();
    }

    private MemoryMXBean jmxMemory() {
        if (jmxFailed) {
            return null;
        }
        if (memoryBean == null) {
            try {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
                String address;
                try {
                    address = vm.startLocalManagementAgent();
                } finally {
                    vm.detach();
                }
                jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
                memoryBean = ManagementFactory.newPlatformMXBeanProxy(jmx.getMBeanServerConnection(),
                        ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            } catch (Exception e) {
                jmxFailed = true;
                return null;
            }
        }
        return memoryBean;
    }

    /** How the heap was read, for the summary. */
    String heapMethod() {
        return memoryBean != null && !jmxFailed ? "MemoryMXBean.gc() then heap used, over the local JMX agent (attach API)"
                : "jcmd GC.run then GC.heap_info";
    }

    private long heapAfterFullGcByJcmd() throws InterruptedException {
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

    /** Closes the JMX connection, if any. */
    void close() {
        if (jmx != null) {
            try {
                jmx.close();
            } catch (IOException e) {
                // the server is gone
            }
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
