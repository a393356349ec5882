/**
 * A small property-based fuzz harness for the tests of every module (shared through the schema
 * test-jar): generators over a seeded {@link java.util.SplittableRandom}, a fixed default seed and a
 * bounded number of tries, so a fuzz test runs in the normal build and fails the same way every time.
 * Written in-repo instead of taking jqwik, whose releases from 1.10 on ask not to be used by coding
 * agents (docs/testing.md, "Fuzz tests").
 */
package com.vendhub.realtime.schema.testing.fuzz;
