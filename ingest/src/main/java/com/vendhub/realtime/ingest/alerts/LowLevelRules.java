package com.vendhub.realtime.ingest.alerts;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Which threshold applies to a bunker: an override for its ingredient (by id, else by name, case and
 * surrounding blanks ignored), else the default. Percentages, as the server computes them.
 */
public final class LowLevelRules {

    private final double defaultThreshold;
    private final Map<String, Double> overrides;

    /**
     * @param defaultThreshold percent below which a bunker is low (contract: 20)
     * @param overrides        ingredient id (canonical UUID) or ingredient name → percent
     */
    public LowLevelRules(double defaultThreshold, Map<String, Double> overrides) {
        requirePercent("low-level threshold", defaultThreshold);
        java.util.HashMap<String, Double> keyed = new java.util.HashMap<>();
        overrides.forEach((key, pct) -> {
            requirePercent("low-level threshold for " + key, pct);
            keyed.put(normalize(key), pct);
        });
        this.defaultThreshold = defaultThreshold;
        this.overrides = Map.copyOf(keyed);
    }

    /** Parses {@code <ingredientId|ingredientName>=<percent>}, the form of {@code --low-level-threshold-for}. */
    public static Map.Entry<String, Double> parseOverride(String text) {
        int eq = text == null ? -1 : text.lastIndexOf('=');
        if (eq <= 0 || eq == text.length() - 1 || text.substring(0, eq).isBlank()) {
            throw new IllegalArgumentException("expected <ingredientId|ingredientName>=<percent>, got '" + text + "'");
        }
        double pct;
        try {
            pct = Double.parseDouble(text.substring(eq + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a percentage in '" + text + "'");
        }
        requirePercent("low-level threshold for " + text.substring(0, eq).strip(), pct);
        return Map.entry(text.substring(0, eq).strip(), pct);
    }

    public double defaultThreshold() {
        return defaultThreshold;
    }

    public double thresholdFor(UUID ingredientId, String ingredientName) {
        if (overrides.isEmpty()) {
            return defaultThreshold;
        }
        Double byId = overrides.get(ingredientId.toString());
        if (byId != null) {
            return byId;
        }
        Double byName = ingredientName == null ? null : overrides.get(normalize(ingredientName));
        return byName != null ? byName : defaultThreshold;
    }

    private static String normalize(String key) {
        return key.strip().toLowerCase(Locale.ROOT);
    }

    private static void requirePercent(String what, double pct) {
        if (!(pct > 0.0 && pct <= 100.0)) {
            throw new IllegalArgumentException(what + " must be within (0, 100] percent, got " + pct);
        }
    }
}
