package com.vendhub.realtime.broker.cluster;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.vendhub.realtime.schema.text.LogThrottle;
import io.micrometer.core.instrument.Counter;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QoS 1 publishes through the worker's MQTT connection that never block the caller: at most
 * {@code limit} may wait for the broker's PUBACK (or for a reconnect) at once; past that a publish
 * is dropped and counted, and the failures are logged at most once per 10 s.
 */
final class BoundedPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedPublisher.class);

    private final Mqtt5AsyncClient client;
    private final String what;
    private final int limit;
    private final Semaphore slots;
    private final Counter published;
    private final Counter dropped;
    private final Counter failed;
    private final LogThrottle logThrottle = new LogThrottle(TimeUnit.SECONDS.toNanos(10), System::nanoTime);

    /**
     * @param what      a name for log lines ("acks", "events")
     * @param published counts publishes the broker acknowledged
     * @param dropped   counts publishes not attempted because {@code limit} were outstanding
     * @param failed    counts publishes the client or the broker refused
     */
    BoundedPublisher(Mqtt5AsyncClient client, String what, int limit, Counter published, Counter dropped,
            Counter failed) {
        if (limit < 1) {
            throw new IllegalArgumentException(what + " publish limit must be at least 1");
        }
        this.client = client;
        this.what = what;
        this.limit = limit;
        this.slots = new Semaphore(limit);
        this.published = published;
        this.dropped = dropped;
        this.failed = failed;
    }

    /** Hands the publish to the client; false (counted) when {@code limit} publishes are outstanding. */
    boolean publish(String topic, byte[] payload) {
        if (!slots.tryAcquire()) {
            dropped.increment();
            throttled("{} publish dropped: {} outstanding", what, Integer.toString(limit));
            return false;
        }
        try {
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                    .whenComplete((result, error) -> {
                        slots.release();
                        if (error != null || result.getError().isPresent()) {
                            failed.increment();
                            throttled("{} publish failed: {}", what,
                                    String.valueOf(error != null ? error : result.getError().get()));
                        } else {
                            published.increment();
                        }
                    });
            return true;
        } catch (RuntimeException e) {
            // e.g. a topic the client's own checks refuse: never let it reach the ingest or writer thread.
            slots.release();
            failed.increment();
            throttled("{} publish failed: {}", what, e.toString());
            return false;
        }
    }

    /** Counts a message that could not even be encoded as a failed publish. */
    void refused(Exception why) {
        failed.increment();
        throttled("{} publish failed: {}", what, why.toString());
    }

    /** Publishes waiting for the broker now. */
    int outstanding() {
        return limit - slots.availablePermits();
    }

    private void throttled(String format, String a, String b) {
        long suppressed = logThrottle.admit(format);
        if (suppressed >= 0) {
            LOG.warn(format + " ({} more since the last line)", a, b, suppressed);
        }
    }
}
