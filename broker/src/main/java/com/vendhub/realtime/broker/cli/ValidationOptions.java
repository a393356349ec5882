package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.schema.validation.ValidationLimits;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * The window of device times a reading may carry, shared by {@code serve} and {@code ingest}
 * (docs/protocol.md, "Telemetry validation"). Its upper end is the server clock plus the allowed skew.
 */
final class ValidationOptions {

    @Option(names = "--earliest-device-time",
            description = "Readings with a timestamp, lastSale or errors[].occurredAt before this instant are "
                    + "dead-lettered (reason timestamp_too_old): a device clock that reset. ISO-8601 instant.")
    Instant earliestDeviceTime = ValidationLimits.defaults().earliestDeviceTime();
}
