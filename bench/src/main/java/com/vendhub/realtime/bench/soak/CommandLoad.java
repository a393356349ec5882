package com.vendhub.realtime.bench.soak;

import java.util.List;
import java.util.UUID;

/**
 * The hook for remote commands under soak: once a minute the run hands a random
 * {@link SoakSettings#commandFraction()} of the fleet to this, which would {@code POST
 * /api/v1/machines/{id}/commands} and later check every command reached a final state. Not
 * implemented yet: the simulator does not answer commands; {@link #NONE} refuses a non-zero fraction.
 */
@FunctionalInterface
interface CommandLoad {

    /** Sends a command to each of {@code machines}; returns how many were accepted (202). */
    int send(List<UUID> machines) throws Exception;

    CommandLoad NONE = machines -> {
        throw new UnsupportedOperationException("commands under soak are not built yet");
    };
}
