package com.vendhub.realtime.sim.model;

/** What a simulated machine sells, which decides its bunkers, recipes, climate and fault codes. */
public enum MachineKind {
    /** Hot drinks: ingredient hoppers in grams (cups in units), a warm cabinet. */
    COFFEE,
    /** Packaged snacks: spiral slots counted in units, a chilled cabinet with a compressor. */
    SNACK
}
