package com.vendhub.realtime.sim.model;

import java.time.LocalTime;

/** How many sales per hour a machine sees at a given local time of day. */
final class DailyDemand {

    private final ModelSettings settings;
    /** Some machines stand in a busy lobby, others in a quiet corridor. */
    private final double popularity;

    DailyDemand(ModelSettings settings, double popularity) {
        this.settings = settings;
        this.popularity = popularity;
    }

    double salesPerHour(LocalTime time) {
        int hour = time.getHour();
        double base;
        if (hour < 6 || hour >= 22) {
            base = settings.nightSalesPerHour();
        } else if ((hour >= 8 && hour < 10) || (hour >= 12 && hour < 14) || (hour >= 17 && hour < 19)) {
            base = settings.peakSalesPerHour();
        } else {
            base = settings.daySalesPerHour();
        }
        return base * popularity;
    }
}
