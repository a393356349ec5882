package com.vendhub.realtime.bench.soak;

/** One pass/fail line of the soak summary. */
record Invariant(String name, boolean passed, String detail) {
}
