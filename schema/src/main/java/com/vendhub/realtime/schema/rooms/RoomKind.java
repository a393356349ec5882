package com.vendhub.realtime.schema.rooms;

/** The five room families of the contract. */
public enum RoomKind {
    /** {@code machine:{id}}: one machine's telemetry, status, alerts and errors. */
    MACHINE("machine:"),
    /** {@code machines:all}: every status change of the caller's organization. */
    MACHINES_ALL("machines:all"),
    /** {@code org:{id}}: organization-wide alerts and errors. */
    ORG("org:"),
    /** {@code user:{id}}: one user's notifications. */
    USER("user:"),
    /** {@code tasks:{assigneeId}}: one assignee's tasks. */
    TASKS("tasks:");

    private final String prefix;

    RoomKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
