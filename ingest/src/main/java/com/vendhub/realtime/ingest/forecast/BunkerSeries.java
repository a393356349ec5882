package com.vendhub.realtime.ingest.forecast;

import java.time.Instant;

/**
 * One bunker's recent levels since its last refill, downsampled and bounded, and the forecast time
 * it runs empty. Fed with the machine's newest readings only, in timestamp order; a reading not newer
 * than the previous one is ignored. Not thread-safe: the owner serializes calls (the forecast itself
 * is published through a volatile field, so any thread may read {@link #emptyAt()}).
 */
public final class BunkerSeries {

    private final ForecastSettings settings;
    private final ForecastMetrics metrics;
    private final long spacingMillis;
    // Ring buffer: sample times in whole seconds since originMillis, and levels.
    private final int[] offsetsSeconds;
    private final float[] levels;
    private long originMillis;
    private int head;
    private int size;
    private long lastSampleMillis = Long.MIN_VALUE;
    private long lastReadingMillis = Long.MIN_VALUE;
    private double lastLevel = Double.NaN;
    private volatile Instant emptyAt;

    public BunkerSeries(ForecastSettings settings, ForecastMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.spacingMillis = settings.sampleSpacingMillis();
        this.offsetsSeconds = new int[settings.maxSamples()];
        this.levels = new float[settings.maxSamples()];
    }

    /**
     * Adds a reading; true when it is a refill (the level rose by at least the refill jump since the
     * previous reading), in which case the window starts again from this reading.
     */
    public boolean add(Instant at, double level, double maxLevel) {
        long t = at.toEpochMilli();
        if (t <= lastReadingMillis) {
            return false;
        }
        boolean refill = !Double.isNaN(lastLevel) && level - lastLevel >= maxLevel * settings.refillJumpPercent() / 100.0;
        lastReadingMillis = t;
        lastLevel = level;
        if (refill) {
            metrics.removed(size);
            size = 0;
            emptyAt = null;
        } else if (size > 0 && t - lastSampleMillis < spacingMillis) {
            return false;
        }
        append(t, level);
        emptyAt = forecast();
        return refill;
    }

    /** When the bunker is forecast to run empty; null when there is no forecast. */
    public Instant emptyAt() {
        return emptyAt;
    }

    /** Samples held now. */
    public int size() {
        return size;
    }

    /** Forgets every sample (the bunker left the machine). */
    public void clear() {
        metrics.removed(size);
        size = 0;
        emptyAt = null;
    }

    private void append(long t, double level) {
        long oldest = t - settings.window().toMillis();
        while (size > 0 && originMillis + offsetsSeconds[head] * 1000L < oldest) {
            head = (head + 1) % offsetsSeconds.length;
            size--;
            metrics.removed(1);
        }
        if (size == 0) {
            head = 0;
            originMillis = t;
        } else if (size == offsetsSeconds.length) {
            // The bound: the oldest sample goes (spacing normally ages it out first).
            head = (head + 1) % offsetsSeconds.length;
            size--;
            metrics.removed(1);
            metrics.evicted();
        }
        long offset = (t - originMillis) / 1000L;
        if (offset > Integer.MAX_VALUE) {
            // Cannot happen within a bounded window; start again rather than overflow.
            metrics.removed(size);
            size = 0;
            head = 0;
            originMillis = t;
            offset = 0;
        }
        int slot = (head + size) % offsetsSeconds.length;
        offsetsSeconds[slot] = (int) offset;
        levels[slot] = (float) level;
        size++;
        lastSampleMillis = t;
        metrics.added();
    }

    private Instant forecast() {
        if (size < settings.minSamples()) {
            return null;
        }
        int first = head;
        int last = (head + size - 1) % offsetsSeconds.length;
        long spanSeconds = (long) offsetsSeconds[last] - offsetsSeconds[first];
        if (spanSeconds * 1000L < settings.minSpan().toMillis() || spanSeconds <= 0) {
            return null;
        }
        double[] x = new double[size];
        double[] y = new double[size];
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % offsetsSeconds.length;
            x[i] = offsetsSeconds[slot];
            y[i] = levels[slot];
        }
        TheilSen.Line line = TheilSen.fit(x, y, size);
        if (!(line.slope() < 0.0)) {
            return null; // no consumption: no forecast
        }
        double zeroAtSeconds = -line.intercept() / line.slope();
        long lastMillis = originMillis + offsetsSeconds[last] * 1000L;
        long emptyMillis = originMillis + Math.round(zeroAtSeconds * 1000.0);
        if (emptyMillis - lastMillis > settings.maxHorizon().toMillis()) {
            return null;
        }
        return Instant.ofEpochMilli(emptyMillis);
    }
}
