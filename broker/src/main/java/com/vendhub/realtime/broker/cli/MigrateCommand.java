package com.vendhub.realtime.broker.cli;

import com.vendhub.realtime.broker.assembly.DatabasePart;
import com.vendhub.realtime.broker.db.DatabaseSettings;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder;
import com.vendhub.realtime.broker.lifecycle.ShutdownOrder.Stage;
import com.vendhub.realtime.broker.startup.DataDirectoryLock;
import com.vendhub.realtime.schema.migration.TimescaleSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vendhub migrate [--db-url URL]}: apply the schema and exit (the embedded database's without a URL). */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        footer = {"",
            "Examples:",
            "  vendhub migrate --data-dir /var/lib/vendhub",
            "  vendhub migrate --db-url jdbc:postgresql://db/vendhub --db-user vendhub \\",
            "      --db-wait PT2M",
            "",
            Vendhub.EXIT_CODES},
        description = "Apply the database schema and exit.")
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db = DatabaseOptions.forMigrate();

    @Mixin
    EmbeddedDatabaseOptions embedded;

    @Mixin
    TimescaleOptions timescale;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TimescaleSettings policies = timescale.settings();
        DatabaseSettings settings;
        try {
            settings = db.settings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid settings: " + e.getMessage());
        }
        // The database part vendhub serve opens, stopped (the embedded PostgreSQL with it) when the schema is current.
        try (ShutdownOrder shutdown = new ShutdownOrder(ShutdownOrder.DEFAULT_BOUND)) {
            if (settings.isEmbedded()) {
                // The embedded database is the data directory's: not while a serve holds it, and released last.
                shutdown.add(Stage.STOP_DATABASE, DataDirectoryLock.acquire(embedded.dataDirectory()));
            }
            DatabasePart database = DatabasePart.open(settings, embedded.dataDirectory().resolve("postgres"),
                    embedded.port, embedded.durability, new SimpleMeterRegistry(), shutdown);
            int applied = database.migrate(policies);
            System.out.println("schema is current (" + applied + " migrations applied)");
            return 0;
        }
    }
}
