/**
 * The physics of one simulated vending machine: temperature, humidity, bunker levels, sales,
 * refills and faults, advanced step by step from a seed and the times it is given. Nothing
 * here reads a wall clock or talks to a network, so every reading is reproducible.
 */
package com.vendhub.realtime.sim.model;
