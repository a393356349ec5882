package com.vendhub.realtime.broker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A script of {@code src/test/js} run by Node with the official {@code socket.io-client} (installed by
 * the build's {@code npm ci}): it reports what it saw as JSON lines on stdout, most of them steps
 * ({@code {"step": name, ...}}), and waits for the test's cues on stdin.
 */
public final class NodeScript implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the test does with each JSON line, as the script prints it. */
    @FunctionalInterface
    public interface Listener {
        void on(JsonNode message) throws Exception;
    }

    private final Process node;
    private final Writer in;
    private final List<String> output = new ArrayList<>();
    private final Map<String, JsonNode> steps = new LinkedHashMap<>();

    private NodeScript(Process node) {
        this.node = node;
        this.in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts {@code node script} in {@code src/test/js} with these environment variables. */
    public static NodeScript start(String script, Map<String, String> environment) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(Path.of("src/test/js").toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(environment);
        return new NodeScript(pb.start());
    }

    /**
     * Reads the script's output to its end, handing each JSON line to {@code onMessage} as it comes
     * (which may answer with {@link #send}); returns the steps by name.
     */
    public Map<String, JsonNode> readSteps(Listener onMessage) throws Exception {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("{")) {
                    JsonNode message = JSON.readTree(line);
                    if (message.has("step")) {
                        steps.put(message.path("step").asText(), message);
                    }
                    onMessage.on(message);
                }
            }
        }
        return steps;
    }

    /** Reads the script's output to its end; returns the steps by name. */
    public Map<String, JsonNode> readSteps() throws Exception {
        return readSteps(message -> { });
    }

    /** One line to the script's stdin. */
    public void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    /** Whether the script ended within {@code timeout}. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return node.exitValue();
    }

    /** Every line it printed, for failure messages. */
    public List<String> output() {
        return List.copyOf(output);
    }

    @Override
    public void close() throws IOException {
        in.close();
        node.destroy();
    }
}
