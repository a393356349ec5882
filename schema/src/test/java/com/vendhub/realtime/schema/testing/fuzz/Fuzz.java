package com.vendhub.realtime.schema.testing.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Runs a property over {@code tries} generated inputs. Every try has its own seed, derived from one
 * base seed that is fixed unless overridden, so a run is the same on every machine and a failure
 * names the one seed that reproduces it. A failing input that is a {@code String} or {@code byte[]}
 * is shrunk (greedy: drop slices while the same kind of failure remains) before it is reported.
 *
 * <p>System properties (Maven passes {@code -D...} on the command line through to the tests):
 * <ul>
 *   <li>{@value #SEED} base seed (default {@value #DEFAULT_SEED}); {@code random} for a fresh one,
 *       printed in any failure</li>
 *   <li>{@value #SCALE} multiplies every property's tries (default 1), e.g. {@code 100} for a long
 *       local run</li>
 *   <li>{@value #REPLAY} runs only the try with this seed (copied from a failure message)</li>
 * </ul>
 */
public final class Fuzz {

    public static final String SEED = "vendhub.fuzz.seed";
    public static final String SCALE = "vendhub.fuzz.scale";
    public static final String REPLAY = "vendhub.fuzz.replay";
    public static final long DEFAULT_SEED = 20261207L;
    private static final int MAX_SHRINK_STEPS = 2_000;

    private Fuzz() {
    }

    /** A property: throws (an assertion error or anything else) when {@code input} falsifies it. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    /** Checks {@code property} for {@code tries} (times the scale) inputs from {@code gen}. */
    public static <T> void forAll(int tries, Gen<T> gen, Property<T> property) {
        long base = baseSeed();
        String replay = System.getProperty(REPLAY);
        if (replay != null && !replay.isBlank()) {
            runOne(Long.parseLong(replay.trim()), -1, base, gen, property);
            return;
        }
        long total = (long) tries * scale();
        for (long i = 0; i < total; i++) {
            runOne(trySeed(base, i), i, base, gen, property);
        }
    }

    private static <T> void runOne(long seed, long index, long base, Gen<T> gen, Property<T> property) {
        T input = gen.next(new SplittableRandom(seed));
        Throwable failure = failure(property, input);
        if (failure == null) {
            return;
        }
        T smallest = shrink(input, failure.getClass(), property);
        Throwable smallestFailure = smallest == input ? failure : failure(property, smallest);
        AssertionError error = new AssertionError("property falsified at try " + index + " (base seed " + base
                + "; rerun only this try with -D" + REPLAY + "=" + seed + ")\n  input:    " + Gens.describe(smallest)
                + (smallest == input ? "" : "\n  shrunk from: " + Gens.describe(input))
                + "\n  failure:  " + smallestFailure, smallestFailure);
        throw error;
    }

    private static <T> Throwable failure(Property<T> property, T input) {
        try {
            property.check(input);
            return null;
        } catch (Exception | AssertionError | StackOverflowError | OutOfMemoryError e) {
            return e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T shrink(T input, Class<?> kind, Property<T> property) {
        Function<T, List<T>> smaller;
        if (input instanceof String) {
            smaller = v -> (List<T>) smallerStrings((String) v);
        } else if (input instanceof byte[]) {
            smaller = v -> (List<T>) smallerBytes((byte[]) v);
        } else {
            return input;
        }
        T current = input;
        int steps = 0;
        boolean progress = true;
        while (progress && steps < MAX_SHRINK_STEPS) {
            progress = false;
            for (T candidate : smaller.apply(current)) {
                if (++steps > MAX_SHRINK_STEPS) {
                    break;
                }
                Throwable f = failure(property, candidate);
                if (f != null && f.getClass() == kind) {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    private static List<String> smallerStrings(String s) {
        List<String> out = new ArrayList<>();
        for (int chunk = Math.max(1, s.length() / 2); chunk >= 1; chunk /= 2) {
            for (int at = 0; at + chunk <= s.length(); at += chunk) {
                out.add(s.substring(0, at) + s.substring(at + chunk));
            }
            if (chunk == 1) {
                break;
            }
        }
        return out;
    }

    private static List<byte[]> smallerBytes(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        for (int chunk = Math.max(1, b.length / 2); chunk >= 1; chunk /= 2) {
            for (int at = 0; at + chunk <= b.length; at += chunk) {
                byte[] c = new byte[b.length - chunk];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + chunk, c, at, b.length - at - chunk);
                out.add(c);
            }
            if (chunk == 1) {
                break;
            }
        }
        return out;
    }

    private static long baseSeed() {
        String configured = System.getProperty(SEED);
        if (configured == null || configured.isBlank()) {
            return DEFAULT_SEED;
        }
        if ("random".equalsIgnoreCase(configured.trim())) {
            return new SplittableRandom().nextLong();
        }
        return Long.parseLong(configured.trim());
    }

    private static int scale() {
        String configured = System.getProperty(SCALE);
        int scale = configured == null || configured.isBlank() ? 1 : Integer.parseInt(configured.trim());
        if (scale < 1) {
            throw new IllegalArgumentException(SCALE + " must be at least 1");
        }
        return scale;
    }

    /** SplitMix64's finalizer over base + index: neighbouring tries get unrelated seeds. */
    static long trySeed(long base, long index) {
        long z = base + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
