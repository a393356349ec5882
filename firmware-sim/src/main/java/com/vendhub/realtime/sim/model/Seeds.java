package com.vendhub.realtime.sim.model;

/** Derives independent, reproducible random seeds from the run's seed, a machine index and a purpose. */
public final class Seeds {

    /** Salt of the stream that drives a machine's physics. */
    public static final long PHYSICS = 0x5EED_0001L;
    /** Salt of the stream that drives a machine's publish jitter, kept apart so timing never changes readings. */
    public static final long JITTER = 0x5EED_0002L;

    private Seeds() {
    }

    /** A well-mixed seed for (run seed, machine index, purpose): neighbouring indexes get unrelated streams. */
    public static long forMachine(long seed, int machineIndex, long salt) {
        return mix64(mix64(seed ^ salt) + 0x9E37_79B9_7F4A_7C15L * (machineIndex + 1L));
    }

    /** The SplitMix64 finalizer (Steele, Lea, Flood 2014). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
