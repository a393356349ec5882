package com.vendhub.realtime.ingest;

import com.vendhub.realtime.ingest.ack.CommitListener;
import com.vendhub.realtime.ingest.alerts.InventoryAlerts;
import com.vendhub.realtime.ingest.deadletter.DeadLetterRetention;
import com.vendhub.realtime.ingest.deadletter.DeadLetterWriter;
import com.vendhub.realtime.ingest.pipeline.PublishHandoff;
import com.vendhub.realtime.ingest.pipeline.TelemetryIngestor;
import com.vendhub.realtime.ingest.state.LatestTelemetry;
import com.vendhub.realtime.ingest.status.StatusTracker;
import com.vendhub.realtime.ingest.spool.SpoolSettings;
import com.vendhub.realtime.ingest.spool.TelemetrySpool;
import com.vendhub.realtime.ingest.store.MemoryReadingQueue;
import com.vendhub.realtime.ingest.store.ReadingQueue;
import com.vendhub.realtime.ingest.store.RefusedReadingSink;
import com.vendhub.realtime.ingest.store.SerialWriter;
import com.vendhub.realtime.ingest.store.SpooledReadingQueue;
import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.schema.machines.MachineLiveState;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.text.LogThrottle;
import com.vendhub.realtime.schema.validation.RejectReason;
import com.vendhub.realtime.schema.validation.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import com.vendhub.realtime.ingest.store.TelemetryBatchWriter;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.schema.validation.TelemetryValidator;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ingest side of one process, assembled from its parts; start it once the schema is migrated. */
public final class IngestService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final DataSource dataSource;
    private final WireJson json;
    private final MachineCatalog machines;
    private final LatestTelemetry latest;
    private final StatusTracker status;
    private final SerialWriter serialWriter;
    private final TelemetryBatchWriter batchWriter;
    private final TelemetryIngestor ingestor;
    private final PublishHandoff handoff;
    private final TelemetrySpool spool;
    private final InventoryAlerts alerts;
    private final DeadLetterRetention deadLetterRetention;
    private final IngestLiveState liveState;

    /**
     * An ingest service on {@code dataSource} that checks and updates {@code machines}, the process's one machine
     * registry (built by the caller, which hands the same registry to device authentication and the fan-out).
     */
    public IngestService(DataSource dataSource, MachineCatalog machines, IngestSettings settings, RoomEventSink events,
                         Clock clock, MeterRegistry metrics) {
        this(dataSource, machines, settings, events, clock, metrics, CommitListener.NONE);
    }

    /** As above; {@code commitListener} hears of every committed batch (commit acknowledgements). */
    public IngestService(DataSource dataSource, MachineCatalog machines, IngestSettings settings, RoomEventSink events,
                         Clock clock, MeterRegistry metrics, CommitListener commitListener) {
        this(dataSource, machines, settings, events, clock, metrics, commitListener, (SpoolSettings) null);
    }

    /**
     * As above; with {@code spool} (may be null: memory only) every accepted reading goes through the
     * crash-safe spool on local disk before the database (docs/contract.md, "Delivery guarantees").
     */
    public IngestService(DataSource dataSource, MachineCatalog machines, IngestSettings settings, RoomEventSink events,
                         Clock clock, MeterRegistry metrics, CommitListener commitListener, SpoolSettings spool) {
        this(dataSource, machines, settings, events, clock, metrics, commitListener, spool, null);
    }

    /**
     * As above, with the queue in front of the batch writer given by the caller: a source that
     * redelivers what it has not acknowledged (the cluster worker acknowledges its MQTT broker from
     * {@link ReadingQueue#committed}) needs no spool.
     */
    public IngestService(DataSource dataSource, MachineCatalog machines, IngestSettings settings, RoomEventSink events,
                         Clock clock, MeterRegistry metrics, CommitListener commitListener, ReadingQueue queue) {
        this(dataSource, machines, settings, events, clock, metrics, commitListener, null,
                java.util.Objects.requireNonNull(queue));
    }

    private IngestService(DataSource dataSource, MachineCatalog machines, IngestSettings settings,
                          RoomEventSink events, Clock clock, MeterRegistry metrics, CommitListener commitListener, SpoolSettings spool,
                          ReadingQueue givenQueue) {
        this.dataSource = dataSource;
        this.json = new WireJson();
        this.machines = machines;
        this.latest = new LatestTelemetry();
        EventWriterSettings eventSettings = settings.events();
        // Status changes and alert transitions queue apart from dead letters and go first
        // (docs/architecture.md, "The events writer: two lanes").
        this.serialWriter = new SerialWriter("events", dataSource, eventSettings.importantQueueCapacity(),
                eventSettings.deadLetterQueueCapacity(), settings.batch().maxBackoff(), eventSettings.drainTimeout(),
                metrics);
        this.deadLetterRetention = new DeadLetterRetention(dataSource, eventSettings.deadLetterRetention(),
                eventSettings.deadLetterRetentionBatch(), eventSettings.deadLetterRetentionInterval(), clock, metrics);
        this.status = new StatusTracker(serialWriter, events, json, metrics);
        // lowLevelAlert in telemetry uses the same default threshold as the alerts (overrides apply to alerts only).
        TelemetryValidator validator = new TelemetryValidator(
                settings.limits().withLowLevelPercent(settings.alerts().rules().defaultThreshold()), clock);
        this.alerts = new InventoryAlerts(settings.alerts(), serialWriter, json, metrics);
        ReadingQueue queue;
        if (givenQueue != null) {
            this.spool = null;
            queue = givenQueue;
        } else if (spool == null) {
            this.spool = null;
            queue = new MemoryReadingQueue(settings.batch().queueCapacity(), metrics);
        } else {
            try {
                this.spool = TelemetrySpool.open(spool, settings.limits().maxPayloadBytes(), metrics);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the spool in " + spool.directory(), e);
            }
            queue = new SpooledReadingQueue(this.spool, settings.batch().queueCapacity(),
                    (machineId, payload) -> validator.validateTelemetry(machineId, payload)
                            instanceof ValidationResult.Accepted<MachineTelemetry> a
                            ? Optional.of(a.value()) : Optional.empty(),
                    metrics);
        }
        DeadLetterWriter deadLetters = new DeadLetterWriter(serialWriter, settings.deadLetterMaxPayload(),
                eventSettings.deadLetterBudgetPerMinute(),
                new LogThrottle(settings.logThrottleInterval().toNanos(), System::nanoTime), System::nanoTime,
                metrics);
        TopicScheme topics = new TopicScheme(settings.topicPrefix());
        // A reading the database refuses (docs/architecture.md, "The telemetry writer isolates refused rows")
        // becomes a dead letter like one validation
        // refuses; its payload is the reading as validated, encoded again (the raw bytes are not kept).
        RefusedReadingSink refused = (reading, reason) -> {
            MachineTelemetry t = reading.telemetry();
            deadLetters.reject(topics.telemetry(t.machineId()), t.machineId().toString(),
                    RejectReason.DATABASE_REFUSED, reason, json.encode(t), reading.receivedAt());
        };
        this.batchWriter = new TelemetryBatchWriter(dataSource, settings.batch(), json, clock, metrics, commitListener,
                queue, refused);
        this.ingestor = new TelemetryIngestor(new TopicScheme(settings.topicPrefix()),
                validator, machines, latest, status, alerts, batchWriter, deadLetters,
                events, json, clock, metrics);
        this.liveState = new IngestLiveState(status, latest, alerts, json);
        this.handoff = new PublishHandoff(ingestor, batchWriter, new TopicScheme(settings.topicPrefix()),
                settings.limits().maxPayloadBytes(), settings.batch().handoffCapacity(), clock, metrics);
    }

    /** Loads machines, latest readings and statuses, then starts the writer threads. */
    public void start() throws SQLException {
        int m = machines.load();
        int l = latest.load(dataSource, json.mapper());
        int s = status.load(dataSource);
        alerts.load(dataSource, latest);
        serialWriter.start();
        deadLetterRetention.start();
        batchWriter.start();
        handoff.start();
        LOG.info("ingest started: {} machines, {} latest readings, {} statuses loaded", m, l, s);
    }

    public TelemetryIngestor ingestor() {
        return ingestor;
    }

    /** The batch writer (the readings' queue, spool and transactions). */
    public TelemetryBatchWriter writer() {
        return batchWriter;
    }

    /** Where the embedded broker's hook hands messages and connection events over (see {@link PublishHandoff}). */
    public PublishHandoff handoff() {
        return handoff;
    }

    /** Status, last seen and latest reading of each machine, as the fan-out's REST API shows them. */
    public MachineLiveState liveState() {
        return liveState;
    }

    public LatestTelemetry latest() {
        return latest;
    }

    /** Low-level alerts, forecasts and machine errors. */
    public InventoryAlerts alerts() {
        return alerts;
    }

    public StatusTracker status() {
        return status;
    }

    public WireJson json() {
        return json;
    }

    /**
     * The events writer (status history, alert transitions, dead letters); {@link SerialWriter#close(java.time.Duration)}
     * drains it within a bound, for a caller that orders the shutdown itself.
     */
    public SerialWriter eventsWriter() {
        return serialWriter;
    }

    /**
     * Writes what is queued and acknowledges it within about {@code timeout}, the events writer within what
     * is left of it (at least a second), then stops. What is not written by then stays in the spool and is
     * replayed at the next start.
     */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        handoff.close(Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime())));
        batchWriter.close(Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime())));
        deadLetterRetention.close();
        serialWriter.close(Duration.ofNanos(Math.max(TimeUnit.SECONDS.toNanos(1), deadline - System.nanoTime())));
        if (spool != null) {
            spool.close();
        }
    }

    /** Writes what is queued (the events writer within its drain bound, {@code --events-drain-timeout}), then stops. */
    @Override
    public void close() {
        handoff.close();
        batchWriter.close();
        deadLetterRetention.close();
        serialWriter.close();
        if (spool != null) {
            spool.close();
        }
    }
}
