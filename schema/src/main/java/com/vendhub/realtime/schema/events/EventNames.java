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

    /** The fan-out's own answers to a client's {@code subscribe} and {@code unsubscribe} (docs/contract.md, "Socket.IO fan-out"). */
    public static final String SUBSCRIBED = "subscribed";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final String EXCEPTION = "exception";

    /** Prefixes of the event names only the platform itself emits (docs/contract.md, "Socket.IO fan-out"). */
    private static final String[] PLATFORM_PREFIXES = {"machine:", "inventory:"};
    private static final java.util.Set<String> SERVER_REPLIES = java.util.Set.of(SUBSCRIBED, UNSUBSCRIBED, EXCEPTION);

    private EventNames() {
    }

    /**
     * True for a name of the platform's own events ({@code machine:*}, {@code inventory:*}) and of the fan-out's
     * replies ({@code subscribed}, {@code unsubscribed}, {@code exception}): a backend service (REST or
     * {@code vendhub/events/...}) may not publish them. Compared without case and surrounding blanks, so that
     * {@code Machine:status} or {@code " inventory:low"} cannot pass for one in a dashboard that matches loosely
     * (found by an outside probe).
     */
    public static boolean isPlatformEvent(String name) {
        if (name == null) {
            return false;
        }
        String n = name.strip().toLowerCase(java.util.Locale.ROOT);
        if (SERVER_REPLIES.contains(n)) {
            return true;
        }
        for (String prefix : PLATFORM_PREFIXES) {
            if (n.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
