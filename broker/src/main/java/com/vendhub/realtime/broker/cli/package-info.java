/**
 * The {@code vendhub} command line (picocli): one mixin per concern, each option declared once and
 * its default taken from the settings record it builds, so it is written once (docs/configuration.md,
 * generated from these classes by {@code ConfigurationDoc}). Every option also reads an environment
 * variable by the rule of {@link com.vendhub.realtime.schema.config.EnvironmentDefaults} (docs/contract.md,
 * "Command line").
 */
package com.vendhub.realtime.broker.cli;
