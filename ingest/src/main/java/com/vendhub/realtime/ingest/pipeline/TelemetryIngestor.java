package com.vendhub.realtime.ingest.pipeline;

import com.vendhub.realtime.ingest.alerts.InventoryAlerts;
import com.vendhub.realtime.ingest.deadletter.DeadLetterWriter;
import com.vendhub.realtime.ingest.state.LatestTelemetry;
import com.vendhub.realtime.ingest.status.StatusSource;
import com.vendhub.realtime.ingest.status.StatusTracker;
import com.vendhub.realtime.ingest.store.ReadingQueue;
import com.vendhub.realtime.ingest.store.TelemetryBatchWriter;
import com.vendhub.realtime.schema.events.EventNames;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.json.WireJson;
import com.vendhub.realtime.schema.machines.MachineCatalog;
import com.vendhub.realtime.schema.machines.MachineRecord;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.model.MachineTelemetry;
import com.vendhub.realtime.schema.model.StatusReport;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.text.LogText;
import com.vendhub.realtime.schema.topics.MachineTopic;
import com.vendhub.realtime.schema.topics.TopicScheme;
import com.vendhub.realtime.schema.validation.RejectReason;
import com.vendhub.realtime.schema.validation.TelemetryValidator;
import com.vendhub.realtime.schema.validation.ValidationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of ingest: one call per message a machine published. Validates, updates latest state
 * and status, pushes live events (without waiting for the database, docs/contract.md, "Delivery
 * guarantees"), and queues the reading for the batch writer. Never throws: a broker hook that
 * throws can kill the broker's session loop (Moquette 0.17), so every failure becomes a dead letter
 * or a logged, counted error here.
 */
public final class TelemetryIngestor {

    /** Counter {@code vendhub_ingest_messages_received_total}: messages machines published (the ingest benchmark reads it). */
    public static final String RECEIVED_METRIC = "vendhub.ingest.messages.received";

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryIngestor.class);

    private final TopicScheme topics;
    private final TelemetryValidator validator;
    private final MachineCatalog machines;
    private final LatestTelemetry latest;
    private final StatusTracker status;
    private final InventoryAlerts alerts;
    private final TelemetryBatchWriter writer;
    private final DeadLetterWriter deadLetters;
    private final RoomEventSink events;
    private final WireJson json;
    private final Clock clock;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final Counter receivedCounter;
    private final Counter lateCounter;
    private final Counter internalErrors;

    public TelemetryIngestor(TopicScheme topics, TelemetryValidator validator, MachineCatalog machines,
                             LatestTelemetry latest, StatusTracker status, InventoryAlerts alerts,
                             TelemetryBatchWriter writer,
                             DeadLetterWriter deadLetters, RoomEventSink events, WireJson json, Clock clock,
                             MeterRegistry metrics) {
        this.topics = topics;
        this.validator = validator;
        this.machines = machines;
        this.latest = latest;
        this.status = status;
        this.alerts = alerts;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.receivedCounter = Counter.builder(RECEIVED_METRIC)
                .description("Messages machines published to the platform").register(metrics);
        this.lateCounter = Counter.builder("vendhub.ingest.readings.late")
                .description("Readings older than the machine's latest: stored, not pushed live").register(metrics);
        this.internalErrors = Counter.builder("vendhub.ingest.internal.errors").register(metrics);
    }

    /** Handles one published message; {@code clientId} is the publishing MQTT client. Never throws. */
    public void onPublish(String topic, String clientId, byte[] payload) {
        onPublish(topic, clientId, payload, clock.instant(), ReadingQueue.NOT_SPOOLED);
    }

    /**
     * As above, for a message the broker handed over at {@code receivedAt}; {@code spoolEnd} is where
     * its raw bytes already end in the spool ({@link PublishHandoff}), or {@link ReadingQueue#NOT_SPOOLED}.
     */
    public void onPublish(String topic, String clientId, byte[] payload, Instant receivedAt, long spoolEnd) {
        received.incrementAndGet();
        receivedCounter.increment();
        try {
            dispatch(topic, clientId, payload, receivedAt, spoolEnd);
        } catch (RuntimeException e) {
            internalErrors.increment();
            LOG.error("ingest failed on a message from {} on {}", LogText.escape(clientId), LogText.escape(topic), e);
        }
    }

    private void dispatch(String topic, String clientId, byte[] payload, Instant receivedAt, long spoolEnd) {
        Optional<MachineTopic> parsed = topics.parseMachineTopic(topic);
        if (parsed.isEmpty()) {
            deadLetters.reject(topic, clientId, RejectReason.UNKNOWN_TOPIC, "not a machine topic", payload, receivedAt);
            return;
        }
        UUID machineId = parsed.get().machineId();
        Optional<MachineRecord> machine = machines.find(machineId);
        if (machine.isEmpty()) {
            deadLetters.reject(topic, clientId, RejectReason.UNKNOWN_MACHINE, "machine " + machineId + " is not provisioned",
                    payload, receivedAt);
            return;
        }
        UUID org = machine.get().organizationId();
        switch (parsed.get().kind()) {
            case TELEMETRY -> onTelemetry(topic, clientId, machineId, org, payload, receivedAt, spoolEnd);
            case STATUS -> onStatus(topic, clientId, machineId, org, payload, receivedAt);
            // ack and commands flow from the platform to machines; a machine publishing there is not telemetry.
            case ACK, COMMANDS -> deadLetters.reject(topic, clientId, RejectReason.UNKNOWN_TOPIC,
                    "platform-to-machine topic", payload, receivedAt);
        }
    }

    private void onTelemetry(String topic, String clientId, UUID machineId, UUID org, byte[] payload,
                             Instant receivedAt, long spoolEnd) {
        ValidationResult<MachineTelemetry> result = validator.validateTelemetry(machineId, payload);
        if (result instanceof ValidationResult.Rejected<MachineTelemetry> r) {
            deadLetters.reject(topic, clientId, r.reason(), r.detail(), payload, receivedAt);
            return;
        }
        MachineTelemetry t = ((ValidationResult.Accepted<MachineTelemetry>) result).value();
        accepted.incrementAndGet();
        status.seen(machineId, receivedAt);
        // A refusal (full spool or queue) is counted and logged, throttled, by the queue itself. A reading
        // already spooled (a refusal there was counted then) only joins the writer's memory queue.
        if (spoolEnd >= 0) {
            writer.offerReserved(t, receivedAt, spoolEnd);
        } else if (spoolEnd == ReadingQueue.NOT_SPOOLED) {
            writer.offer(t, payload, receivedAt);
        }
        if (latest.offer(t)) {
            // Alerts, forecasts and errors are judged on the newest reading only, so a late or redelivered
            // one never raises, clears or emits twice (docs/contract.md, "Telemetry payload": late telemetry).
            InventoryAlerts.Outcome judged = alerts.onNewest(org, t);
            Room room = Room.machine(machineId);
            if (events.hasAudience(org, room)) {
                events.publish(new RoomEvent(org, room, EventNames.MACHINE_TELEMETRY, json.encode(judged.shown())));
            }
            for (RoomEvent alert : judged.events()) {
                events.publish(alert);
            }
            // Status changes are ordered by the server's clock: device clocks drift, and arrival order is what we saw.
            status.apply(machineId, org, t.status(), receivedAt, StatusSource.TELEMETRY);
        } else {
            lateCounter.increment();
        }
    }

    private void onStatus(String topic, String clientId, UUID machineId, UUID org, byte[] payload, Instant receivedAt) {
        ValidationResult<StatusReport> result = validator.validateStatus(payload);
        if (result instanceof ValidationResult.Rejected<StatusReport> r) {
            deadLetters.reject(topic, clientId, r.reason(), r.detail(), payload, receivedAt);
            return;
        }
        StatusReport report = ((ValidationResult.Accepted<StatusReport>) result).value();
        status.seen(machineId, receivedAt);
        status.apply(machineId, org, report.status(), receivedAt, StatusSource.STATUS_TOPIC);
    }

    /** A machine's MQTT connection opened. */
    public void onConnected(String clientId) {
        connection(clientId, MachineStatus.ONLINE, StatusSource.CONNECTED);
    }

    /**
     * A machine's MQTT connection closed. The embedded broker never shows a Last Will to the
     * application, so the connection event is what makes an abruptly lost machine offline at once.
     */
    public void onDisconnected(String clientId) {
        connection(clientId, MachineStatus.OFFLINE, StatusSource.DISCONNECTED);
    }

    private void connection(String clientId, MachineStatus newStatus, StatusSource source) {
        try {
            UUID machineId = UUID.fromString(clientId);
            Instant now = clock.instant();
            machines.organizationOf(machineId).ifPresent(org -> {
                status.seen(machineId, now);
                status.apply(machineId, org, newStatus, now, source);
            });
        } catch (IllegalArgumentException notAMachine) {
            // Service clients have no machine status.
        } catch (RuntimeException e) {
            internalErrors.increment();
            LOG.error("status update on connection event of {} failed", LogText.escape(clientId), e);
        }
    }

    public IngestCounters counters() {
        return new IngestCounters(received.get(), accepted.get(), deadLetters.rejectedCount(),
                writer.committedReadings(), writer.queued(), status.online());
    }
}
