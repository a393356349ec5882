package com.vendhub.realtime.broker.cli;

import java.util.ArrayList;
import java.util.List;

/** What {@code ingest} and {@code fanout} cannot start without, for the tests about their other options. */
final class RequiredArguments {

    private static final List<String> INGEST = List.of("--mqtt-url", "tcp://localhost:1883",
            "--db-url", "jdbc:postgresql://localhost/x");
    private static final List<String> FANOUT = List.of("--mqtt-url", "tcp://localhost:1883",
            "--db-url", "jdbc:postgresql://localhost/x", "--jwt-secret", "0123456789abcdef0123456789abcdef");

    private RequiredArguments() {
    }

    /** The required options of {@code ingest}, then {@code more}. */
    static String[] ingest(String... more) {
        return with(INGEST, more);
    }

    /** The required options of {@code fanout}, then {@code more}. */
    static String[] fanout(String... more) {
        return with(FANOUT, more);
    }

    private static String[] with(List<String> required, String... more) {
        List<String> all = new ArrayList<>(required);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
