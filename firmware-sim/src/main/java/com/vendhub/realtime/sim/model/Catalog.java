package com.vendhub.realtime.sim.model;

import static com.vendhub.realtime.schema.model.ErrorSeverity.CRITICAL;
import static com.vendhub.realtime.schema.model.ErrorSeverity.ERROR;
import static com.vendhub.realtime.schema.model.ErrorSeverity.WARNING;

import com.vendhub.realtime.schema.model.ErrorSeverity;
import java.util.List;
import java.util.Map;

/** The fixed product knowledge of each machine kind: bunkers it may carry, its menu, its fault codes. */
final class Catalog {

    /** Fewest bunkers a machine carries. */
    static final int MIN_BUNKERS = 4;
    /** Most bunkers a machine carries. */
    static final int MAX_BUNKERS = 6;

    private static final String BEANS = "Coffee beans";
    private static final String MILK = "Milk powder";
    private static final String SUGAR = "Sugar";
    private static final String CHOCOLATE = "Chocolate";
    private static final String TEA = "Tea";
    private static final String CUPS = "Cups";

    /** Coffee hoppers in grams; cups in units. Beans and cups come first: every coffee machine has them. */
    private static final List<Ingredient> COFFEE_INGREDIENTS = List.of(
            new Ingredient(BEANS, 2000, false), new Ingredient(CUPS, 400, true), new Ingredient(MILK, 1500, false),
            new Ingredient(SUGAR, 2500, false), new Ingredient(CHOCOLATE, 2000, false), new Ingredient(TEA, 600, false));

    private static final List<Recipe> COFFEE_RECIPES = List.of(
            new Recipe("Espresso", Map.of(BEANS, 9.0, CUPS, 1.0)),
            new Recipe("Americano with sugar", Map.of(BEANS, 9.0, SUGAR, 6.0, CUPS, 1.0)),
            new Recipe("Cappuccino", Map.of(BEANS, 9.0, MILK, 12.0, CUPS, 1.0)),
            new Recipe("Latte", Map.of(BEANS, 7.0, MILK, 16.0, SUGAR, 4.0, CUPS, 1.0)),
            new Recipe("Hot chocolate", Map.of(CHOCOLATE, 25.0, MILK, 8.0, CUPS, 1.0)),
            new Recipe("Tea", Map.of(TEA, 2.5, CUPS, 1.0)),
            new Recipe("Sweet tea", Map.of(TEA, 2.5, SUGAR, 6.0, CUPS, 1.0)));

    /** Spiral slots in units; each slot is one bunker and one product. */
    private static final List<Ingredient> SNACK_SLOTS = List.of(
            new Ingredient("A1 Potato chips", 12, true), new Ingredient("A2 Chocolate bar", 15, true),
            new Ingredient("B1 Cookies", 12, true), new Ingredient("B2 Salted nuts", 10, true),
            new Ingredient("C1 Crackers", 12, true), new Ingredient("C2 Chewing gum", 20, true));

    private static final List<FaultCode> COFFEE_FAULTS = List.of(
            new FaultCode("W_DESCALE_DUE", "Descaling due", WARNING),
            new FaultCode("W_WATER_FILTER", "Water filter nearing end of life", WARNING),
            new FaultCode("W_WASTE_NEAR_FULL", "Grounds container nearly full", WARNING),
            new FaultCode("E_BREWER_JAM", "Brewer unit jammed", ERROR),
            new FaultCode("E_COIN_JAM", "Coin acceptor jammed", ERROR),
            new FaultCode("E_GRINDER_STALL", "Grinder motor stalled", ERROR),
            new FaultCode("C_BOILER_OVERHEAT", "Boiler over temperature, heating disabled", CRITICAL),
            new FaultCode("C_WATER_LEAK", "Water leak detected, inlet valve closed", CRITICAL));

    private static final List<FaultCode> SNACK_FAULTS = List.of(
            new FaultCode("W_DOOR_AJAR", "Service door not fully closed", WARNING),
            new FaultCode("W_CABINET_WARM", "Cabinet temperature above setpoint", WARNING),
            new FaultCode("E_SPIRAL_JAM", "Spiral motor jammed", ERROR),
            new FaultCode("E_BILL_VALIDATOR", "Bill validator out of service", ERROR),
            new FaultCode("E_DROP_SENSOR", "Product drop sensor not responding", ERROR),
            new FaultCode("C_COMPRESSOR_FAIL", "Compressor failure, cooling stopped", CRITICAL),
            new FaultCode("C_POWER_FAULT", "Mains power fault, running on reserve", CRITICAL));

    private Catalog() {
    }

    /** Every bunker this kind may carry, in the order bunkers are taken. */
    static List<Ingredient> ingredients(MachineKind kind) {
        return kind == MachineKind.COFFEE ? COFFEE_INGREDIENTS : SNACK_SLOTS;
    }

    /** How many leading entries of {@link #ingredients} every machine carries: beans and cups; no spiral slot is special. */
    static int mandatory(MachineKind kind) {
        return kind == MachineKind.COFFEE ? 2 : 0;
    }

    /** The menu: recipes whose ingredients all sit in the machine's bunkers. */
    static List<Recipe> menu(MachineKind kind, List<String> carried) {
        if (kind == MachineKind.SNACK) {
            return carried.stream().map(slot -> new Recipe(slot, Map.of(slot, 1.0))).toList();
        }
        return COFFEE_RECIPES.stream().filter(r -> carried.containsAll(r.uses().keySet())).toList();
    }

    static List<FaultCode> faults(MachineKind kind, ErrorSeverity severity) {
        List<FaultCode> all = kind == MachineKind.COFFEE ? COFFEE_FAULTS : SNACK_FAULTS;
        return all.stream().filter(f -> f.severity() == severity).toList();
    }
}
