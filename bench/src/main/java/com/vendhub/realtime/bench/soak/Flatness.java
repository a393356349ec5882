package com.vendhub.realtime.bench.soak;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * "Flat", as the soak defines it: split the load phase's samples in thirds; the first third is
 * warm-up (JIT, heap sizing, the recovery log filling to its bound); the median of the last third
 * must not exceed the median of the second third by more than {@code fraction} plus {@code slack}
 * (absolute, for small or noisy figures). Going down is always flat. A leak of a fixed amount per
 * reading or per connection shows as a last third above the second.
 *
 * @param name     what is measured
 * @param fraction allowed relative growth, e.g. 0.10
 * @param slack    allowed absolute growth, in the figure's unit
 * @param unit     divisor for display (e.g. 1 MiB), 1 for counts
 */
record Flatness(String name, double fraction, long slack, double unit, String unitName) {

    static final double MIB = 1024.0 * 1024.0;

    static final List<Flatness> RULES = List.of(
            new Flatness("heap after full GC", 0.10, 16L << 20, MIB, "MiB"),
            new Flatness("RSS", 0.10, 32L << 20, MIB, "MiB"),
            new Flatness("threads", 0.05, 2, 1, ""),
            new Flatness("file descriptors", 0.05, 20, 1, ""));

    /** The verdict over the samples, with both medians. */
    Invariant judge(List<Sample> samples, ToLongFunction<Sample> figure) {
        long[] values = samples.stream().mapToLong(figure).filter(v -> v >= 0).toArray();
        if (values.length < 6) {
            return new Invariant(name + " flat", false, "only " + values.length + " samples: at least 6 are needed");
        }
        int third = values.length / 3;
        long second = median(Arrays.copyOfRange(values, third, 2 * third));
        long last = median(Arrays.copyOfRange(values, values.length - third, values.length));
        long limit = (long) (second * (1 + fraction)) + slack;
        boolean ok = last <= limit;
        return new Invariant(name + " flat", ok, String.format(Locale.ROOT,
                "median of the last third %s, of the second third %s (limit %s = +%.0f %% +%s)",
                show(last), show(second), show(limit), fraction * 100, show(slack)));
    }

    private String show(long v) {
        return unit == 1 ? Long.toString(v) : String.format(Locale.ROOT, "%.1f %s", v / unit, unitName);
    }

    static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
