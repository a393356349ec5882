package com.vendhub.realtime.bench.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The peer: a Mosquitto on a free port and the Node.js ingest of {@code bench/peer}, driven over stdin/stdout. */
final class PeerIngest implements AutoCloseable {

    /** One measurement window as the Node ingest saw it. */
    record Window(long stored, long lagP50Millis, long lagP99Millis) {
    }

    private final Process mosquitto;
    private final Process node;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    PeerIngest(Path peerDir, int mqttPort, String dbUrl, Path work) throws IOException, InterruptedException {
        Path conf = work.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + mqttPort + " 127.0.0.1\nallow_anonymous true\n"
                + "max_queued_messages 1000000\nmax_inflight_messages 1000\npersistence false\n");
        mosquitto = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("mosquitto.log").toFile()).start();
        Thread.sleep(500);
        node = new ProcessBuilder("node", peerDir.resolve("ingest.js").toString(), "mqtt://127.0.0.1:" + mqttPort, dbUrl)
                .redirectErrorStream(true).start();
        commands = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // node ended
            }
        }, "peer-stdout");
        reader.setDaemon(true);
        reader.start();
        expect("READY");
    }

    private String expect(String prefix) throws InterruptedException {
        while (true) {
            String line = lines.poll(30, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("the Node peer did not answer " + prefix);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            System.out.println("  [peer] " + line);
        }
    }

    void reset() throws IOException {
        commands.write("reset\n");
        commands.flush();
    }

    Window report() throws IOException, InterruptedException {
        commands.write("report\n");
        commands.flush();
        String[] p = expect("STATS").split(" ");
        return new Window(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]));
    }

    @Override
    public void close() {
        node.destroy();
        mosquitto.destroy();
    }
}
