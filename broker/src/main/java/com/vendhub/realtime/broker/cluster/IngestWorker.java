package com.vendhub.realtime.broker.cluster;

import com.vendhub.realtime.broker.assembly.DatabasePart;
import com.vendhub.realtime.broker.assembly.EventStream;
import com.vendhub.realtime.broker.assembly.IngestPart;
import com.vendhub.realtime.broker.assembly.MachinesPart;
import com.vendhub.realtime.broker.assembly.MonitoringPart;
import com.vendhub.realtime.broker.assembly.ProcessParts;
import com.vendhub.realtime.broker.assembly.StatusLine;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.broker.startup.ListeningPorts;
import com.vendhub.realtime.broker.mqtt.AckPublisher;
import com.vendhub.realtime.ingest.IngestService;
import com.vendhub.realtime.ingest.pipeline.IngestCounters;
import com.vendhub.realtime.ingest.pipeline.TelemetryIngestor;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.schema.metrics.SharedMetricNames;
import com.vendhub.realtime.schema.topics.TopicScheme;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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

    private final ProcessParts process;
    private final SharedSubscriptionSession session;
    private final TelemetryIngestor ingestor;
    private final int httpPort;

    private IngestWorker(ProcessParts process, SharedSubscriptionSession session, TelemetryIngestor ingestor,
            int httpPort) {
        this.process = process;
        this.session = session;
        this.ingestor = ingestor;
        this.httpPort = httpPort;
    }

    public static IngestWorker start(IngestWorkerSettings s) throws Exception {
        return ShutdownOrder.startOrClose(new ProcessParts(s.shutdownTimeout()), parts -> startAll(s, parts));
    }

    /**
     * Builds the parts, then starts them: the database and its check, the ingest service, the MQTT session, the
     * status line, the HTTP port of metrics and health last.
     */
    private static IngestWorker startAll(IngestWorkerSettings s, ProcessParts parts) throws Exception {
        PrometheusMeterRegistry metrics = parts.metrics();
        ShutdownOrder shutdown = parts.shutdown();
        TopicScheme topics = new TopicScheme(s.topicPrefix());
        ListeningPorts.requireFree(List.of(new ListeningPorts.Port("--http-port", s.monitoring().host(),
                s.monitoring().port())));
        DatabasePart database = DatabasePart.connect(s.database(), metrics, shutdown);
        database.migrate();
        database.startCheck(s.monitoring().readiness());
        MachineCatalog machines = MachinesPart.catalog(database, Clock.systemUTC());

        SharedSubscriptionSession session = new SharedSubscriptionSession(s, topics, metrics, shutdown);
        Counter eventsDropped = counter(metrics, "vendhub.cluster.events.dropped",
                "Live events not published on the event stream because the publish limit was reached");
        BoundedPublisher events = session.publisher("events",
                counter(metrics, "vendhub.cluster.events.published", "Live events the broker took on the event stream"),
                eventsDropped,
                counter(metrics, "vendhub.cluster.events.failed", "Live events the client or broker refused"));
        Counter acksDropped = counter(metrics, AckPublisher.ACKS_DROPPED,
                "Commit acknowledgements not published (publish limit reached or broker unavailable)");
        BoundedPublisher acks = session.publisher("acks",
                counter(metrics, AckPublisher.ACKS_PUBLISHED,
                        "Commit acknowledgements published on machines' ack topics"),
                acksDropped,
                counter(metrics, SharedMetricNames.INGEST_ACK_ERRORS,
                        "Commit acknowledgements that failed to go out (the rows are committed)"));
        IngestService ingest = new IngestService(database.dataSource(), machines,
                IngestPart.settings(s.topicPrefix(), limits -> limits.withEarliestDeviceTime(s.earliestDeviceTime()),
                        s.batch(), s.events()).withAlerts(s.alerts()),
                new MqttRoomEventPublisher(events, EventStream.wire(topics)),
                Clock.systemUTC(), metrics, new MqttAckPublisher(acks, topics, new WireJson()), session.queue());
        IngestPart.start(ingest, metrics, shutdown);

        session.start(ingest.ingestor());
        if (!s.statusInterval().isZero()) {
            StatusLine status = shutdown.add(Stage.STOP_OUTPUTS, new StatusLine(ingest.ingestor()::counters,
                    () -> machines.all().size(),
                    () -> String.format("ingest worker %s: acknowledged to broker %d, unacknowledged %d, "
                                    + "events dropped %.0f, acks dropped %.0f", s.clientId(), session.acknowledged(),
                            session.fromBroker() - session.acknowledged(), eventsDropped.count(), acksDropped.count())));
            status.start(s.statusInterval());
        }
        // Ready while the database answers and the session is connected: then this worker takes its share.
        MonitoringPart monitoring = MonitoringPart.start(s.monitoring(), metrics,
                () -> Map.of("database", database.up(), "mqtt", session.connected()), shutdown);
        LOG.info("vendhub ingest ready: {} on {}, share group {}, receive maximum {}, HTTP on port {}", s.clientId(),
                s.mqtt().url(), s.shareGroup(), s.receiveMaximum(), monitoring.port());
        return new IngestWorker(parts, session, ingest.ingestor(), monitoring.port());
    }

    private static Counter counter(MeterRegistry metrics, String name, String description) {
        return Counter.builder(name).description(description).register(metrics);
    }

    /** The port of {@code /metrics} and {@code /health/*}. */
    public int httpPort() {
        return httpPort;
    }

    /** Messages this worker took from the broker since start. */
    public long messagesFromBroker() {
        return session.fromBroker();
    }

    public IngestCounters counters() {
        return ingestor.counters();
    }

    public PrometheusMeterRegistry metrics() {
        return process.metrics();
    }

    /**
     * Stops in the one shutdown order: stop taking messages (new ones stay unacknowledged with the broker),
     * write and acknowledge what is queued, then disconnect, keeping the session, and close the pool.
     */
    @Override
    public void close() {
        process.close();
    }
}
