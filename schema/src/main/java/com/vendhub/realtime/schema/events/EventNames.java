package com.vendhub.realtime.schema.events;

/** The server-to-client event names of the contract's event table. */
public final class EventNames {

    public static final String MACHINE_TELEMETRY = "machine:telemetry";
    public static final String MACHINE_STATUS = "machine:status";
    public static final String INVENTORY_LOW = "inventory:low";
    public static final String INVENTORY_RESTORED = "inventory:restored";
    public static final String MACHINE_ERROR = "machine:error";
    public static final String NOTIFICATION = "notification";
    public static final String TASK_UPDATED = "task:updated";

    private EventNames() {
    }
}
