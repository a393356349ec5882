package com.vendhub.realtime.bench.soak;

/** One scrape of {@code GET /metrics} (Prometheus text), read by family name. */
record MetricsText(String text) {

    static final MetricsText EMPTY = new MetricsText("");

    /** The sum of every series of {@code family} whose labels contain {@code labelFilter} (may be empty); 0 when none. */
    double sum(String family, String labelFilter) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(family)) {
                continue;
            }
            int after = family.length();
            if (after >= line.length() || (line.charAt(after) != '{' && line.charAt(after) != ' ')) {
                continue; // another family that shares the prefix
            }
            int space = line.lastIndexOf(' ');
            String labels = line.substring(after, space);
            if (!labelFilter.isEmpty() && !labels.contains(labelFilter)) {
                continue;
            }
            try {
                total += Double.parseDouble(line.substring(space + 1));
            } catch (NumberFormatException e) {
                // NaN and the like count as nothing
            }
        }
        return total;
    }

    double sum(String family) {
        return sum(family, "");
    }
}
