package com.vendhub.realtime.sim.model;

import com.vendhub.realtime.schema.model.BunkerLevel;
import java.util.UUID;

/** One hopper or spiral slot: its identity and its current fill. Mutable; owned by one {@link MachineModel}. */
final class Bunker {

    private final UUID bunkerId;
    private final UUID ingredientId;
    private final Ingredient ingredient;
    private double level;

    Bunker(UUID bunkerId, UUID ingredientId, Ingredient ingredient, double level) {
        this.bunkerId = bunkerId;
        this.ingredientId = ingredientId;
        this.ingredient = ingredient;
        this.level = ingredient.settle(Math.max(0.0, Math.min(ingredient.maxLevel(), level)));
    }

    String name() {
        return ingredient.name();
    }

    double level() {
        return level;
    }

    double percent() {
        return level / ingredient.maxLevel() * 100.0;
    }

    boolean has(double amount) {
        return level >= amount;
    }

    void take(double amount) {
        level = Math.max(0.0, level - amount);
    }

    /** Tops up to the given share of capacity; a refill never lowers a level. */
    void refillTo(double fraction) {
        level = Math.max(level, ingredient.settle(ingredient.maxLevel() * Math.min(1.0, fraction)));
    }

    /** The level as the device reports it: tenths of a gram, percentage and alert computed like the server does. */
    BunkerLevel reading(double lowLevelPercent) {
        double current = Math.round(level * 10.0) / 10.0;
        double max = ingredient.maxLevel();
        double percentage = Math.min(100.0, Math.round(current / max * 10_000.0) / 100.0);
        return new BunkerLevel(bunkerId, ingredientId, ingredient.name(), current, max, percentage,
                percentage < lowLevelPercent);
    }
}
