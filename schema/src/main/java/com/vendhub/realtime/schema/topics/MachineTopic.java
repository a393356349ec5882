package com.vendhub.realtime.schema.topics;

import java.util.UUID;

/** A parsed machine topic: which machine, and which of its topics. */
public record MachineTopic(UUID machineId, MachineTopicKind kind) {
}
