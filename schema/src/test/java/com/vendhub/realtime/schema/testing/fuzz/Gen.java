package com.vendhub.realtime.schema.testing.fuzz;

import java.util.SplittableRandom;
import java.util.function.Function;

/** Generates one value from a random source; pure apart from the source. */
@FunctionalInterface
public interface Gen<T> {

    T next(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return r -> f.apply(next(r));
    }

    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
        return r -> f.apply(next(r)).next(r);
    }
}
