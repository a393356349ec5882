package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.assembly.MonitoringSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The HTTP port of {@code vendhub ingest}: {@code /metrics} and {@code /health/*} only, with the database check of
 * its readiness (docs/operations.md, "Health"). Each default is {@link MonitoringSettings#defaults()}'s; its request
 * deadlines and connection cap are fixed there (docs/security.md, "The HTTP port").
 */
final class MonitoringOptions {

    private static final MonitoringSettings DEFAULTS = MonitoringSettings.defaults();

    @Option(names = "--host", description = "Address the HTTP port of metrics and health binds.")
    String host = DEFAULTS.host();

    @Option(names = "--http-port", description = "Port of GET /metrics, /health/live and /health/ready; 0 for any free one.")
    int port = DEFAULTS.port();

    @Mixin
    DatabaseCheckOptions databaseCheck;

    MonitoringSettings settings() {
        return new MonitoringSettings(host, port, DEFAULTS.limits(), databaseCheck.settings());
    }
}
