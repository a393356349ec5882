package com.vendhub.realtime.sim.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}: the jar's Implementation-Version, when there is one. */
public final class SimVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = SimVersion.class.getPackage().getImplementationVersion();
        return new String[] {"vendhub-sim " + (version != null ? version : "(development build)")};
    }
}
