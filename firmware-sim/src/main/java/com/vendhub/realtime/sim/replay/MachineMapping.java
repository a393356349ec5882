package com.vendhub.realtime.sim.replay;

import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which machine replays which recorded machine. An explicit {@code old=new} entry wins; a recorded
 * machine that has credentials of its own keeps its id; every other one takes the next unused
 * credentials in file order, by first appearance in the recording. So a recording of one fleet
 * replays into another fleet provisioned for the purpose, with no mapping written by hand.
 */
public final class MachineMapping {

    private final Map<UUID, DeviceCredentials> targets;

    private MachineMapping(Map<UUID, DeviceCredentials> targets) {
        this.targets = targets;
    }

    /**
     * @param recorded    machine ids in order of first appearance in the recording
     * @param explicit    {@code recorded id -> target id} entries given by the operator
     * @param credentials the target machines' credentials, in file order
     * @throws IllegalArgumentException when a recorded machine is left without credentials
     */
    public static MachineMapping of(Collection<UUID> recorded, Map<UUID, UUID> explicit,
                                    List<DeviceCredentials> credentials) {
        Map<UUID, DeviceCredentials> byId = new LinkedHashMap<>();
        credentials.forEach(c -> byId.put(c.machineId(), c));
        Set<UUID> used = new HashSet<>();
        Map<UUID, DeviceCredentials> out = new LinkedHashMap<>();
        for (UUID id : recorded) {
            UUID target = explicit.get(id);
            if (target != null) {
                DeviceCredentials c = byId.get(target);
                if (c == null) {
                    throw new IllegalArgumentException("no credentials for machine " + target + " (mapped from " + id + ")");
                }
                out.put(id, c);
                used.add(target);
            }
        }
        for (UUID id : recorded) {
            if (!out.containsKey(id) && byId.containsKey(id) && !used.contains(id)) {
                out.put(id, byId.get(id));
                used.add(id);
            }
        }
        Deque<DeviceCredentials> spare = new ArrayDeque<>();
        byId.values().stream().filter(c -> !used.contains(c.machineId())).forEach(spare::add);
        for (UUID id : recorded) {
            if (!out.containsKey(id)) {
                DeviceCredentials next = spare.poll();
                if (next == null) {
                    throw new IllegalArgumentException("the recording has " + recorded.size()
                            + " machines but only " + credentials.size() + " credentials are given");
                }
                out.put(id, next);
            }
        }
        return new MachineMapping(out);
    }

    /** The credentials that replay {@code recordedId}. */
    public DeviceCredentials target(UUID recordedId) {
        return targets.get(recordedId);
    }

    public Map<UUID, DeviceCredentials> all() {
        return Map.copyOf(targets);
    }
}
