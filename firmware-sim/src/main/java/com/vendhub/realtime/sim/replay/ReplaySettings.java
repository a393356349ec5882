package com.vendhub.realtime.sim.replay;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Replayer} plays a recording back.
 *
 * @param mqttHost       broker host
 * @param mqttPort       broker port
 * @param tls            whether to speak TLS (trusting the JVM's certificate authorities)
 * @param topicPrefix    the topic prefix of the recording and of the target
 * @param speed          pacing: 1 is the original pacing, N is N times faster, 0 is as fast as possible
 * @param maxInFlight    unacknowledged publishes at once, across all machines
 * @param ackWait        after the last publish, how long to wait for outstanding {@code ack}s
 * @param connectTimeout limit of each machine's connect
 */
public record ReplaySettings(String mqttHost, int mqttPort, boolean tls, String topicPrefix, double speed,
                             int maxInFlight, Duration ackWait, Duration connectTimeout) {

    public static final int DEFAULT_MAX_IN_FLIGHT = 1_000;

    public ReplaySettings {
        Objects.requireNonNull(mqttHost, "mqttHost");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be 0 (as fast as possible) or positive, got " + speed);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        Objects.requireNonNull(ackWait, "ackWait");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    public boolean asFastAsPossible() {
        return speed == 0;
    }
}
