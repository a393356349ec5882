/**
 * The {@code vendhub} command line (picocli). Every option also reads an environment variable
 * (contract, "Command line"), shown in {@code --help}.
 */
package com.vendhub.realtime.broker.cli;
