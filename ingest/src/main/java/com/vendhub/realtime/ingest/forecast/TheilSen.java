package com.vendhub.realtime.ingest.forecast;

import java.util.Arrays;

/**
 * The Theil–Sen line through points: slope = median of the pairwise slopes, intercept = median of
 * {@code y - slope * x}. Robust to up to about 29 % outliers (a misread level, a spike), unlike
 * least squares, and cheap at the window sizes used here (n ≤ a few hundred: n²/2 slopes).
 */
final class TheilSen {

    /** A fitted line {@code y = intercept + slope * x}. */
    record Line(double slope, double intercept) {
    }

    private TheilSen() {
    }

    /** Fits {@code n >= 2} points; x must have at least two distinct values. */
    static Line fit(double[] x, double[] y, int n) {
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = x[j] - x[i];
                if (dx != 0.0) {
                    slopes[k++] = (y[j] - y[i]) / dx;
                }
            }
        }
        if (k == 0) {
            throw new IllegalArgumentException("all points share one x");
        }
        double slope = median(slopes, k);
        double[] intercepts = new double[n];
        for (int i = 0; i < n; i++) {
            intercepts[i] = y[i] - slope * x[i];
        }
        return new Line(slope, median(intercepts, n));
    }

    private static double median(double[] values, int n) {
        Arrays.sort(values, 0, n);
        return (n & 1) == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    }
}
