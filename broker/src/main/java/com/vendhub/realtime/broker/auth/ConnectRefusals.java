package com.vendhub.realtime.broker.auth;

import com.vendhub.realtime.schema.text.LogThrottle;
import com.vendhub.realtime.schema.text.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;

/**
 * The account of refused MQTT CONNECTs at one checkpoint (the {@code ConnectGuard} before Moquette,
 * the {@link DeviceAuthenticator} inside it): a counter per reason, and a warning per reason that the
 * shared {@link LogThrottle} admits, naming how many refusals it held back, so that a flood of bad
 * CONNECTs cannot flood the log. The client id is escaped ({@link LogText}): it is the device's text.
 */
public final class ConnectRefusals {

    private final String meterName;
    private final String description;
    private final int clientIdChars;
    private final Logger log;
    private final LogThrottle throttle;
    private final MeterRegistry metrics;

    /**
     * @param meterName     the counter, tagged {@code reason}; also what the throttle keys this checkpoint's lines by
     * @param clientIdChars how much of the client id a line quotes
     * @param log           the checkpoint's own logger
     */
    public ConnectRefusals(String meterName, String description, int clientIdChars, Logger log, LogThrottle throttle,
            MeterRegistry metrics) {
        this.meterName = meterName;
        this.description = description;
        this.clientIdChars = clientIdChars;
        this.log = log;
        this.throttle = throttle;
        this.metrics = metrics;
    }

    /** Counts one refusal of {@code clientId} for {@code reason} (a metric tag) and logs it unless throttled. */
    public void refused(String reason, String clientId) {
        Counter.builder(meterName).tag("reason", reason).description(description).register(metrics).increment();
        long suppressed = throttle.admit(meterName + "|" + reason);
        if (suppressed >= 0) {
            log.warn("MQTT CONNECT refused for client '{}': {}{}", LogText.escape(clientId, clientIdChars), reason,
                    suppressed > 0 ? " [" + suppressed + " more refusals for this reason not logged]" : "");
        }
    }
}
