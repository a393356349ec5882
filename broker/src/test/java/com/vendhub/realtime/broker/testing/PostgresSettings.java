package com.vendhub.realtime.broker.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a running PostgreSQL reports for the settings that make a commit durable. */
public final class PostgresSettings {

    private PostgresSettings() {
    }

    /** {@code SHOW fsync}, {@code synchronous_commit} and {@code full_page_writes} on the server at {@code url}. */
    public static Map<String, String> durability(String url) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String name : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet r = s.executeQuery("SHOW " + name)) {
                    r.next();
                    out.put(name, r.getString(1));
                }
            }
        }
        return out;
    }
}
