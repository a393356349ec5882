package com.vendhub.realtime.broker.mqtt;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import java.util.Set;
import org.slf4j.Marker;

/**
 * Drops Moquette 0.17's own line for each publish or subscription our ACL refused: PostOffice logs every
 * refused publish at ERROR (#receivedPublishQos0, #receivedPublishQos1, #receivedPublishQos2) and
 * Authorizator every refused subscription at WARN (#verifyTopicsReadAccess), unthrottled and with the
 * device's topic as is. {@code DeviceTopicPolicy} already counts each refusal and logs one throttled WARN
 * line per cause, so one misbehaving device cannot flood the log at ERROR (docs/security.md, "PUBLISH and
 * SUBSCRIBE: the ACL").
 * Every other Moquette line passes. Configured in {@code logback.xml} as a {@code turboFilter}.
 */
public final class MoquetteRefusalLogFilter extends TurboFilter {

    /** Logger name to the exact message formats of Moquette 0.17 that repeat our ACL's refusal. */
    static final Map<String, Set<String>> REFUSALS = Map.of(
            "io.moquette.broker.PostOffice", Set.of(
                    "client is not authorized to publish on topic: {}",
                    "MQTT client: {} is not authorized to publish on topic: {}",
                    "MQTT client is not authorized to publish on topic: {}"),
            "io.moquette.broker.Authorizator", Set.of(
                    "Client does not have read permissions on the topic username: {}, messageId: {}, topic: {}"));

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (format == null || logger == null) {
            return FilterReply.NEUTRAL;
        }
        Set<String> formats = REFUSALS.get(logger.getName());
        return formats != null && formats.contains(format) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
