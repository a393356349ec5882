/**
 * The bare database the benchmarks measure against and hand to the servers they start; bench
 * uses nothing of the broker module but its public assembly ({@code broker.app.VendhubServer} and
 * its settings), which {@code ModuleImportsTest} checks.
 */
package com.vendhub.realtime.bench.db;
