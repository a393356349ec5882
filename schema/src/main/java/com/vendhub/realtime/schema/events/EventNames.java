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

    /** Prefixes of the event names only the platform itself emits (contract: "Event names ... belong to the platform"). */
    private static final String[] PLATFORM_PREFIXES = {"machine:", "inventory:"};

    private EventNames() {
    }

    /**
     * True for a name of the platform's own events ({@code machine:*}, {@code inventory:*}): the contract
     * reserves them, so a backend service (REST or {@code vendhub/events/...}) may not publish them.
     */
    public static boolean isPlatformEvent(String name) {
        if (name == null) {
            return false;
        }
        for (String prefix : PLATFORM_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
