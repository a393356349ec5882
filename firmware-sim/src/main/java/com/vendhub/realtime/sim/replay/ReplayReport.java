package com.vendhub.realtime.sim.replay;

import java.util.Locale;

/**
 * What a replay did.
 *
 * @param machines     machines that took part
 * @param sent         messages the broker acknowledged (PUBACK)
 * @param telemetrySent telemetry readings among them
 * @param acknowledged telemetry readings the platform confirmed as stored on the machine's {@code ack} topic
 * @param failed       messages not delivered
 * @param skipped      recorded messages that were not replayed (not a machine's telemetry or status, or no credentials)
 */
public record ReplayReport(int machines, long sent, long telemetrySent, long acknowledged, long failed, long skipped) {

    /** The summary line {@code vendhub-sim replay} prints. */
    public String summary(double seconds) {
        return String.format(Locale.ROOT,
                "Replay: %d machines; %d messages sent (%d telemetry) in %.1f s; %d readings acknowledged; "
                        + "%d failed; %d skipped", machines, sent, telemetrySent, seconds, acknowledged, failed, skipped);
    }
}
