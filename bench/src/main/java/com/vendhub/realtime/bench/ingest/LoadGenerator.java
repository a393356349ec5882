package com.vendhub.realtime.bench.ingest;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated machines for the benchmark: one MQTT 3.1.1 connection each (HiveMQ client, two shared
 * Netty threads), publishing contract telemetry at QoS 1 at a paced total rate. With acks on, each
 * machine listens on its {@code ack} topic and the lag publish-to-commit is recorded.
 */
final class LoadGenerator implements AutoCloseable {

    /** One simulated machine: id and device token (null for an anonymous peer broker). */
    record Machine(UUID id, String token) {
    }

    private static final String THREAD_PREFIX = "loadgen";
    private final List<Mqtt3AsyncClient> clients = new ArrayList<>();
    private final List<Machine> machines;
    private final ExecutorService netty;
    private final boolean acks;
    private volatile LagHistogram lags = new LagHistogram();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    LoadGenerator(String host, int port, List<Machine> machines, boolean acks) {
        this.machines = machines;
        this.acks = acks;
        AtomicInteger n = new AtomicInteger();
        this.netty = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, THREAD_PREFIX + "-netty-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        MqttClientExecutorConfig executor = MqttClientExecutorConfig.builder().nettyExecutor(netty).nettyThreads(2)
                .build();
        for (Machine m : machines) {
            Mqtt3ClientBuilder b = MqttClient.builder().useMqttVersion3().identifier(m.id().toString())
                    .serverHost(host).serverPort(port).executorConfig(executor);
            if (m.token() != null) {
                b = b.simpleAuth().username(m.id().toString())
                        .password(m.token().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
            }
            clients.add(b.buildAsync());
        }
    }

    void connect() {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            all.add(connect(i));
            if (all.size() % 100 == 0) {
                settle(all);
            }
        }
        settle(all);
        // A connection the broker closed during the burst of 1,000 CONNECTs is tried again, one at a time.
        for (int attempt = 0; attempt < 3; attempt++) {
            for (int i = 0; i < clients.size(); i++) {
                CompletableFuture<?> f = all.get(i);
                if (f.isCompletedExceptionally()) {
                    clients.get(i).disconnect().exceptionally(e -> null).join();
                    CompletableFuture<?> again = connect(i);
                    settle(List.of(again));
                    all.set(i, again);
                }
            }
        }
        long failedConnects = all.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        if (failedConnects > 0) {
            throw new IllegalStateException(failedConnects + " simulated machines could not connect");
        }
    }

    private CompletableFuture<?> connect(int i) {
        Mqtt3AsyncClient c = clients.get(i);
        UUID id = machines.get(i).id();
        CompletableFuture<?> f = c.connectWith().cleanSession(true).keepAlive(60).send();
        if (acks) {
            f = f.thenCompose(ack -> c.subscribeWith().topicFilter("vendhub/machines/" + id + "/ack")
                    .qos(MqttQos.AT_LEAST_ONCE).callback(this::onAck).send());
        }
        return f;
    }

    private static void settle(List<CompletableFuture<?>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Failures are looked at one by one by the caller.
        }
    }

    private void onAck(Mqtt3Publish p) {
        long now = System.currentTimeMillis();
        String s = new String(p.getPayloadAsBytes(), StandardCharsets.US_ASCII);
        LagHistogram h = lags;
        int i = 0;
        while ((i = s.indexOf('"', i)) >= 0) {
            int j = s.indexOf('"', i + 1);
            if (j < 0) {
                break;
            }
            if (j > i + 1 && Character.isDigit(s.charAt(i + 1))) {
                h.record(now - Instant.parse(s.substring(i + 1, j)).toEpochMilli());
                acked.incrementAndGet();
            }
            i = j + 1;
        }
    }

    /** A new lag window; returns the previous one. */
    LagHistogram resetLags() {
        LagHistogram old = lags;
        lags = new LagHistogram();
        return old;
    }

    long acked() {
        return acked.get();
    }

    long published() {
        return published.get();
    }

    long failed() {
        return failed.get();
    }

    /** Publishes {@code rate} readings a second in total, round robin over the machines, for {@code duration}. */
    void run(int rate, Duration duration) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long sent = 0;
        int next = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            long due = (long) ((now - start) / 1e9 * rate);
            while (sent < due) {
                int i = next;
                next = (next + 1) % clients.size();
                long seq = published.incrementAndGet();
                byte[] payload = Payloads.telemetry(machines.get(i).id(), Instant.now(), seq);
                clients.get(i).publishWith().topic("vendhub/machines/" + machines.get(i).id() + "/telemetry")
                        .qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
                sent++;
            }
            TimeUnit.MICROSECONDS.sleep(500);
        }
    }

    /** CPU time of the generator's threads (the pacing thread is the caller, counted by the caller). */
    static long cpuNanosOfThreadsNamed(String prefix) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    total += t;
                }
            }
        }
        return total;
    }

    static String threadPrefix() {
        return THREAD_PREFIX;
    }

    @Override
    public void close() {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Mqtt3AsyncClient c : clients) {
            all.add(c.disconnect().exceptionally(e -> null));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort
        }
        netty.shutdown();
    }
}
