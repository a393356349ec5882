package com.vendhub.realtime.sim.model;

import java.util.Map;

/** One product on the menu and what one sale of it takes out of each bunker, by ingredient name. */
record Recipe(String name, Map<String, Double> uses) {

    Recipe {
        uses = Map.copyOf(uses);
    }
}
