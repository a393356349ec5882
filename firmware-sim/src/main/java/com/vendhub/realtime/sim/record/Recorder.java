package com.vendhub.realtime.sim.record;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vendhub-sim record}: one MQTT service client that subscribes to what machines publish and
 * writes each message as a line of a recording. Lines are written in arrival order; the writer is
 * flushed on {@link #flush()} and {@link #close()}.
 */
public final class Recorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    private final Mqtt3AsyncClient client;
    private final BufferedWriter out;
    private final RecordingFormat format = new RecordingFormat();
    private final Clock clock;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private final List<String> filters;
    private final Duration timeout;

    /**
     * @param settings where to connect and as whom
     * @param out      where the lines go; closed with the recorder
     * @param clock    stamps each line
     */
    public Recorder(RecorderSettings settings, BufferedWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
        var builder = MqttClient.builder().useMqttVersion3()
                .identifier(settings.clientId())
                .serverHost(settings.mqttHost())
                .serverPort(settings.mqttPort())
                .simpleAuth().username(settings.username())
                .password(settings.secret().getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .automaticReconnectWithDefaultConfig();
        if (settings.tls()) {
            builder = builder.sslWithDefaultConfig();
        }
        this.client = builder.buildAsync();
        this.filters = settings.topicFilters();
        this.timeout = settings.connectTimeout();
    }

    /** Connects and subscribes; returns once every subscription is acknowledged. */
    public void start() throws InterruptedException, ExecutionException, TimeoutException {
        client.connectWith().cleanSession(true).send().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        for (String filter : filters) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).callback(this::onMessage).send()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("recording {}", filter);
        }
    }

    private void onMessage(Mqtt3Publish publish) {
        String line = format.write(new RecordedMessage(publish.getTopic().toString(), clock.instant(),
                publish.isRetain(), publish.getPayloadAsBytes()));
        synchronized (out) {
            try {
                out.write(line);
                out.newLine();
                recorded.incrementAndGet();
            } catch (IOException e) {
                if (writeErrors.getAndIncrement() == 0) {
                    log.error("cannot write the recording: {}", e.getMessage());
                }
            }
        }
    }

    /** Messages written so far. */
    public long recorded() {
        return recorded.get();
    }

    /** Messages that could not be written. */
    public long writeErrors() {
        return writeErrors.get();
    }

    public void flush() throws IOException {
        synchronized (out) {
            out.flush();
        }
    }

    /** Disconnects, then flushes and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            client.disconnect().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("disconnect of the recorder failed: {}", e.toString());
        }
        synchronized (out) {
            out.close();
        }
    }
}
