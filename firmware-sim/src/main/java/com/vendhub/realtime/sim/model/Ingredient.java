package com.vendhub.realtime.sim.model;

/**
 * A bunker's content and size.
 *
 * @param name     the ingredient or product, as the reading names it
 * @param maxLevel capacity: grams for hoppers, units for cups and spiral slots
 * @param counted  whether the level is a count of units (cups, snacks) rather than grams, so it stays whole
 */
record Ingredient(String name, double maxLevel, boolean counted) {

    /** A level this bunker can physically hold: whole units for counted contents. */
    double settle(double level) {
        return counted ? Math.floor(level) : level;
    }
}
