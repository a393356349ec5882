package com.vendhub.realtime.fanout.recovery;

import com.vendhub.realtime.fanout.auth.Principal;
import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.rooms.RoomKey;
import com.vendhub.realtime.schema.rooms.Room;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.function.LongSupplier;

/**
 * The broadcasts of the last {@link RecoverySettings#window()} with their offsets, and the sessions
 * that dropped within it. Offsets are decimal sequence numbers, so "after the client's offset" is a
 * comparison. One monitor guards everything; a publisher holds it while it assigns an offset and
 * takes its member list, and a restore while it rejoins rooms and reads what was missed, so a
 * recovering socket gets every broadcast exactly once: either from the log or live, never both.
 */
public final class RecoveryLog implements AutoCloseable {

    private record Entry(long seq, UUID organizationId, Room room, ByteBuf frame, long atNanos) {
    }

    private final RecoverySettings settings;
    private final FanoutMetrics metrics;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final LinkedHashMap<String, SavedSession> sessions = new LinkedHashMap<>();
    /** How many saved sessions hold each room: a broadcast to a room nobody holds need not be kept. */
    private final Map<RoomKey, Integer> savedRooms = new HashMap<>();
    private long lastSeq;
    /** Highest offset no longer in the log: a client behind it cannot be recovered completely. */
    private long forgottenUpTo;
    private long bytes;

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass a fake one) */
    public RecoveryLog(RecoverySettings settings, FanoutMetrics metrics, LongSupplier nanoClock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        metrics.gauge("recovery.events", "Broadcasts kept for connection state recovery", this::eventCount);
        metrics.gauge("recovery.bytes", "Bytes of broadcasts kept for connection state recovery", this::byteCount);
        metrics.gauge("recovery.sessions", "Disconnected sessions kept for recovery", this::sessionCount);
    }

    /** The offset the next broadcast gets. Call while holding this log's monitor, then {@link #append}. */
    public synchronized long nextOffset() {
        return lastSeq + 1;
    }

    /** The last offset handed out (0 before any broadcast). */
    public synchronized long position() {
        return lastSeq;
    }

    /**
     * Keeps {@code frame} (the broadcast encoded with offset {@code seq}); takes one reference of it.
     * Call while holding this log's monitor, after {@link #nextOffset()}.
     */
    public synchronized void append(long seq, UUID organizationId, Room room, ByteBuf frame) {
        if (seq != lastSeq + 1) {
            frame.release();
            throw new IllegalStateException("offsets must be appended in order");
        }
        lastSeq = seq;
        long now = nanoClock.getAsLong();
        entries.addLast(new Entry(seq, organizationId, room, frame, now));
        bytes += frame.readableBytes();
        expire(now);
        while (entries.size() > settings.maxEvents() || bytes > settings.maxBytes()) {
            metrics.recoveryEvicted("events");
            drop(entries.pollFirst());
        }
    }

    /** Remembers a socket that dropped (not one that disconnected on purpose). */
    public synchronized void save(String pid, String socketId, Principal principal, Set<RoomKey> rooms,
            long position) {
        long now = nanoClock.getAsLong();
        expire(now);
        SavedSession saved = new SavedSession(pid, socketId, principal, Set.copyOf(rooms), position, now);
        forget(sessions.put(pid, saved));
        remember(saved);
        while (sessions.size() > settings.maxSessions()) {
            metrics.recoveryEvicted("sessions");
            Iterator<SavedSession> eldest = sessions.values().iterator();
            forget(eldest.next());
            eldest.remove();
        }
    }

    /**
     * Restores the session {@code pid} for {@code principal} from {@code offset} (null: from where it
     * connected). On success {@code rejoin} runs under this log's monitor with the saved rooms and
     * returns the memberships it actually restored (the new token may see fewer rooms, or see them
     * under another key); only their missed broadcasts are returned. Under the monitor, so no
     * broadcast falls between the log and live delivery; {@code rejoin} must therefore not block. Empty when the session is unknown,
     * expired, someone else's, or when a broadcast it needs is no longer kept: then the client gets
     * a fresh session, as with socket.io.
     */
    public synchronized Optional<RestoredSession> restore(String pid, String offset, Principal principal,
            UnaryOperator<Set<RoomKey>> rejoin) {
        expire(nanoClock.getAsLong());
        SavedSession saved = sessions.remove(pid);
        forget(saved);
        if (saved == null) {
            metrics.recovery("unknown_session");
            return Optional.empty();
        }
        if (!saved.principal().userId().equals(principal.userId())
                || !Objects.equals(saved.principal().organizationId(), principal.organizationId())) {
            // A private session id never moves to another user or organization.
            metrics.recovery("other_principal");
            return Optional.empty();
        }
        long from;
        if (offset == null) {
            from = saved.position();
        } else {
            try {
                from = Long.parseLong(offset);
            } catch (NumberFormatException e) {
                metrics.recovery("bad_offset");
                return Optional.empty();
            }
        }
        if (from < 0 || from > lastSeq) {
            metrics.recovery("bad_offset");
            return Optional.empty();
        }
        if (from < forgottenUpTo) {
            metrics.recovery("offset_expired");
            return Optional.empty();
        }
        Set<RoomKey> rejoined = rejoin.apply(saved.rooms());
        List<ByteBuf> missed = new ArrayList<>();
        for (Entry e : entries) {
            if (e.seq() > from && (rejoined.contains(RoomKey.of(e.organizationId(), e.room()))
                    || rejoined.contains(RoomKey.wildcard(e.room())))) {
                missed.add(e.frame().retainedDuplicate());
            }
        }
        metrics.recovery("recovered");
        return Optional.of(new RestoredSession(saved.socketId(), missed));
    }

    /**
     * Whether a saved session holds {@code room} of {@code organizationId} (or its wildcard), so that a
     * broadcast to it must be kept for that session's recovery.
     */
    public synchronized boolean awaits(UUID organizationId, Room room) {
        return !savedRooms.isEmpty() && (savedRooms.containsKey(RoomKey.of(organizationId, room))
                || savedRooms.containsKey(RoomKey.wildcard(room)));
    }

    public synchronized int eventCount() {
        return entries.size();
    }

    public synchronized long byteCount() {
        return bytes;
    }

    public synchronized int sessionCount() {
        return sessions.size();
    }

    /** Releases every kept broadcast. */
    @Override
    public synchronized void close() {
        while (!entries.isEmpty()) {
            drop(entries.pollFirst());
        }
        sessions.clear();
        savedRooms.clear();
    }

    private void expire(long now) {
        long window = settings.window().toNanos();
        while (!entries.isEmpty() && now - entries.peekFirst().atNanos() > window) {
            drop(entries.pollFirst());
        }
        Iterator<SavedSession> it = sessions.values().iterator();
        while (it.hasNext()) {
            SavedSession oldest = it.next();
            if (now - oldest.savedAtNanos() <= window) {
                break; // insertion order is save order
            }
            forget(oldest);
            it.remove();
        }
    }

    private void remember(SavedSession saved) {
        for (RoomKey key : saved.rooms()) {
            savedRooms.merge(key, 1, Integer::sum);
        }
    }

    private void forget(SavedSession saved) {
        if (saved != null) {
            for (RoomKey key : saved.rooms()) {
                savedRooms.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    private void drop(Entry entry) {
        forgottenUpTo = Math.max(forgottenUpTo, entry.seq());
        bytes -= entry.frame().readableBytes();
        entry.frame().release();
    }
}
