package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.broker.assembly.DatabasePart;
import com.vendhub.realtime.broker.assembly.EventStream;
import com.vendhub.realtime.broker.assembly.IngestPart;
import com.vendhub.realtime.broker.assembly.ProcessMetrics;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.ingest.IngestService;
import com.vendhub.realtime.ingest.pipeline.IngestCounters;
import com.vendhub.realtime.ingest.pipeline.TelemetryIngestor;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.metrics.SharedMetricNames;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code vendhub ingest} process: an ingest worker on an external MQTT 5 broker. Its
 * {@link SharedSubscriptionSession} takes its share of the fleet's messages and acknowledges each only once
 * its reading has committed. After each commit it publishes the machines' {@code ack} topics, and every live
 * event goes out on the event stream for the {@code vendhub fanout} nodes. Built from the shared parts of
 * {@link com.vendhub.realtime.broker.assembly} and stopped in the one {@link ShutdownOrder}.
 */
public final class IngestWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestWorker.class);

    private final PrometheusMeterRegistry metrics = ProcessMetrics.newRegistry();
    private final ShutdownOrder shutdown;
    private IngestWorkerSettings settings;
    private SharedSubscriptionSession session;
    private TelemetryIngestor ingestor;
    private Counter eventsDropped;
    private Counter acksDropped;

    private IngestWorker(IngestWorkerSettings s) {
        this.shutdown = new ShutdownOrder(s.shutdownTimeout());
    }

    public static IngestWorker start(IngestWorkerSettings s) throws Exception {
        return ShutdownOrder.startOrClose(new IngestWorker(s), worker -> worker.startAll(s));
    }

    /** Builds the parts, then starts them: the database, the ingest service, the MQTT session, the status line. */
    private void startAll(IngestWorkerSettings s) throws Exception {
        this.settings = s;
        TopicScheme topics = new TopicScheme(s.topicPrefix());
        DatabasePart database = DatabasePart.connect(s.database(), metrics, shutdown);
        database.migrate();

        session = new SharedSubscriptionSession(s, topics, metrics, shutdown);
        eventsDropped = counter("vendhub.cluster.events.dropped",
                "Live events not published on the event stream because the publish limit was reached");
        BoundedPublisher events = session.publisher("events",
                counter("vendhub.cluster.events.published", "Live events the broker took on the event stream"),
                eventsDropped,
                counter("vendhub.cluster.events.failed", "Live events the client or broker refused"));
        acksDropped = counter("vendhub.ingest.acks.dropped",
                "Commit acknowledgements not published (publish limit reached or broker unavailable)");
        BoundedPublisher acks = session.publisher("acks",
                counter("vendhub.ingest.acks.published", "Commit acknowledgements published on machines' ack topics"),
                acksDropped,
                counter(SharedMetricNames.INGEST_ACK_ERRORS,
                        "Commit acknowledgements that failed to go out (the rows are committed)"));
        IngestService ingest = new IngestService(database.dataSource(),
                IngestPart.settings(s.topicPrefix(), limits -> limits.withEarliestDeviceTime(s.earliestDeviceTime()),
                        s.batch(), s.events()).withAlerts(s.alerts()),
                new MqttRoomEventPublisher(events, EventStream.wire(topics)),
                Clock.systemUTC(), metrics, new MqttAckPublisher(acks, topics, new WireJson()), session.queue());
        IngestPart.start(ingest, metrics, shutdown);
        ingestor = ingest.ingestor();

        session.start(ingestor);
        if (!s.statusInterval().isZero()) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                    r -> SharedSubscriptionSession.daemon(r, "status-line"));
            shutdown.add(Stage.STOP_OUTPUTS, "status line", deadline -> timer.shutdownNow());
            long every = s.statusInterval().toMillis();
            timer.scheduleAtFixedRate(() -> LOG.info(statusLine()), every, every, TimeUnit.MILLISECONDS);
        }
        LOG.info("vendhub ingest ready: {} on {}, share group {}, receive maximum {}", s.clientId(), s.mqtt().url(),
                s.shareGroup(), s.receiveMaximum());
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(metrics);
    }

    /** The one-line summary the worker logs every status interval. */
    public String statusLine() {
        IngestCounters c = ingestor.counters();
        return String.format("ingest worker %s: messages in %d, stored %d, rejected %d, queued %d, "
                        + "acknowledged to broker %d, unacknowledged %d, events dropped %.0f, acks dropped %.0f",
                settings.clientId(), c.received(), c.committed(), c.rejected(), c.queued(), session.acknowledged(),
                session.fromBroker() - session.acknowledged(), eventsDropped.count(), acksDropped.count());
    }

    /** Messages this worker took from the broker since start. */
    public long messagesFromBroker() {
        return session.fromBroker();
    }

    public IngestCounters counters() {
        return ingestor.counters();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /**
     * Stops in the one shutdown order: stop taking messages (new ones stay unacknowledged with the broker),
     * write and acknowledge what is queued, then disconnect, keeping the session, and close the pool.
     */
    @Override
    public void close() {
        shutdown.close();
    }
}
