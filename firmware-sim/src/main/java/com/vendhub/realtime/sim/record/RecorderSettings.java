package com.vendhub.realtime.sim.record;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where {@link Recorder} connects and as whom.
 *
 * @param mqttHost       broker host
 * @param mqttPort       broker port
 * @param tls            whether to speak TLS (trusting the JVM's certificate authorities)
 * @param serviceName    the service client's name: username {@code svc:<name>}
 * @param secret         the platform's service secret
 * @param topicFilters   what to record, e.g. {@code vendhub/machines/+/telemetry}
 * @param connectTimeout limit of the connect and of each SUBACK
 */
public record RecorderSettings(String mqttHost, int mqttPort, boolean tls, String serviceName, String secret,
                               List<String> topicFilters, Duration connectTimeout) {

    public RecorderSettings {
        Objects.requireNonNull(mqttHost, "mqttHost");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(secret, "secret");
        topicFilters = List.copyOf(topicFilters);
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("nothing to record: no topic filter");
        }
    }

    public String username() {
        return "svc:" + serviceName;
    }

    /** Unique per process, so two recorders of one service do not take each other's session over. */
    public String clientId() {
        return username() + "-" + ProcessHandle.current().pid();
    }
}
