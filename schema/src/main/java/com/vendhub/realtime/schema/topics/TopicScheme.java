package com.vendhub.realtime.schema.topics;

import java.util.Optional;
import java.util.UUID;

/**
 * Builds and parses the contract's topics under a configurable prefix (default {@code vendhub}):
 * {@code {prefix}/machines/{id}/{telemetry|status|ack|commands}} and {@code {prefix}/events/{room}}.
 */
public final class TopicScheme {

    public static final String DEFAULT_PREFIX = "vendhub";

    private final String prefix;
    private final String machinesRoot;
    private final String eventsRoot;

    public TopicScheme(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.contains("+") || prefix.contains("#")
                || prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("topic prefix must be non-empty, without wildcards or outer slashes: '"
                    + prefix + "'");
        }
        this.prefix = prefix;
        this.machinesRoot = prefix + "/machines/";
        this.eventsRoot = prefix + "/events/";
    }

    public static TopicScheme defaults() {
        return new TopicScheme(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    public String machine(UUID machineId, MachineTopicKind kind) {
        return machinesRoot + machineId + "/" + kind.level();
    }

    public String telemetry(UUID machineId) {
        return machine(machineId, MachineTopicKind.TELEMETRY);
    }

    public String status(UUID machineId) {
        return machine(machineId, MachineTopicKind.STATUS);
    }

    public String ack(UUID machineId) {
        return machine(machineId, MachineTopicKind.ACK);
    }

    public String commands(UUID machineId) {
        return machine(machineId, MachineTopicKind.COMMANDS);
    }

    /** The topic backend services publish room events on. */
    public String event(String room) {
        return eventsRoot + room;
    }

    /** Filter matching every machine's topic of one kind, e.g. {@code vendhub/machines/+/telemetry}. */
    public String allMachines(MachineTopicKind kind) {
        return machinesRoot + "+/" + kind.level();
    }

    /** Filter matching every backend event topic. */
    public String allEvents() {
        return eventsRoot + "#";
    }

    /** Parses {@code {prefix}/machines/{uuid}/{kind}}; empty for anything else, including non-canonical ids. */
    public Optional<MachineTopic> parseMachineTopic(String topic) {
        if (topic == null || !topic.startsWith(machinesRoot)) {
            return Optional.empty();
        }
        int idStart = machinesRoot.length();
        int slash = topic.indexOf('/', idStart);
        if (slash != idStart + 36 || topic.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        UUID id;
        try {
            id = UUID.fromString(topic.substring(idStart, slash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Only the canonical lower-case form names a machine; anything else would let one machine alias another's topic.
        if (!id.toString().equals(topic.substring(idStart, slash))) {
            return Optional.empty();
        }
        return MachineTopicKind.fromLevel(topic.substring(slash + 1)).map(k -> new MachineTopic(id, k));
    }

    /** The room of a backend event topic {@code {prefix}/events/{room}}; empty for other topics. */
    public Optional<String> parseEventRoom(String topic) {
        if (topic == null || !topic.startsWith(eventsRoot) || topic.length() == eventsRoot.length()) {
            return Optional.empty();
        }
        return Optional.of(topic.substring(eventsRoot.length()));
    }
}
