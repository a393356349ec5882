package com.vendhub.realtime.broker.assembly;

import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.broker.mqtt.AckPublisher;
import com.vendhub.realtime.ingest.EventWriterSettings;
import com.vendhub.realtime.ingest.IngestService;
import com.vendhub.realtime.ingest.IngestSettings;
import com.vendhub.realtime.ingest.store.BatchSettings;
import com.vendhub.realtime.schema.validation.ValidationLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code vendhub serve} and {@code vendhub ingest} share of the ingest service: its settings from the
 * process's options, and its drain in {@link Stage#DRAIN} (docs/architecture.md, "Shutdown: ordered and
 * bounded"). Where readings come from and where acknowledgements and events go differ per kind.
 */
public final class IngestPart {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPart.class);

    private IngestPart() {
    }

    /** The ingest settings: these over the defaults, the validation limits adjusted by {@code limits}. */
    public static IngestSettings settings(String topicPrefix, UnaryOperator<ValidationLimits> limits,
            BatchSettings batch, EventWriterSettings events) {
        IngestSettings defaults = IngestSettings.defaults();
        return new IngestSettings(topicPrefix, limits.apply(defaults.limits()), batch, defaults.deadLetterMaxPayload(),
                defaults.logThrottleInterval()).withEvents(events);
    }

    /** Starts {@code ingest} and registers its drain. */
    public static IngestService start(IngestService ingest, MeterRegistry metrics, ShutdownOrder shutdown)
            throws SQLException {
        ingest.start();
        shutdown.add(Stage.DRAIN, "ingest", deadline -> drain(ingest, metrics, deadline));
        return ingest;
    }

    /** Writes what ingest holds and sends its acknowledgements within the bound less the stop reserve. */
    private static void drain(IngestService ingest, MeterRegistry metrics, long deadline) {
        long committedBefore = ingest.ingestor().counters().committed();
        double ackedBefore = count(metrics, AckPublisher.ACKS_PUBLISHED);
        double droppedBefore = count(metrics, AckPublisher.ACKS_DROPPED);
        ingest.close(ShutdownOrder.drainBudget(deadline, System.nanoTime()));
        long left = ingest.ingestor().counters().queued();
        LOG.info("shutdown: drained: {} readings committed while stopping{}",
                ingest.ingestor().counters().committed() - committedBefore,
                left == 0 ? "" : "; " + left + " not written in time are written after the next start (from the spool or the broker)");
        LOG.info("shutdown: acknowledged: {} commit acknowledgements published to machines ({} dropped)",
                (long) (count(metrics, AckPublisher.ACKS_PUBLISHED) - ackedBefore),
                (long) (count(metrics, AckPublisher.ACKS_DROPPED) - droppedBefore));
    }

    private static double count(MeterRegistry metrics, String counter) {
        var c = metrics.find(counter).counter();
        return c == null ? 0 : c.count();
    }
}
