package com.vendhub.realtime.fanout.socketio;

import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.recovery.RecoveryLog;
import com.vendhub.realtime.fanout.rooms.RoomRegistry;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.text.LogText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path: frames a {@link RoomEvent} once as {@code 42["<event>",<json>,"<offset>"]}, keeps it
 * in the {@link RecoveryLog} and hands a retained duplicate to every member, with one task per event
 * loop (not per socket). Never blocks on I/O and never throws to the caller.
 */
public final class Broadcaster implements RoomEventSink {

    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);

    private final RoomRegistry<SocketIoSession> registry;
    private final SocketIoCodec codec;
    private final ByteBufAllocator allocator;
    private final FanoutMetrics metrics;
    private final RecoveryLog recovery;
    private final Map<EventExecutor, Mailbox> mailboxes = new ConcurrentHashMap<>();

    public Broadcaster(RoomRegistry<SocketIoSession> registry, SocketIoCodec codec, ByteBufAllocator allocator,
            FanoutMetrics metrics, RecoveryLog recovery) {
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void publish(RoomEvent event) {
        try {
            List<SocketIoSession> members;
            ByteBuf frame;
            // Offset, log and member list under the log's monitor: a socket being restored is either
            // in this member list or sees this broadcast in the log, never both and never neither.
            synchronized (recovery) {
                if (!registry.hasMembers(event.organizationId(), event.room())
                        && !recovery.awaits(event.organizationId(), event.room())) {
                    // Nobody could ever receive it, now or by recovery: no frame, no offset, no log entry.
                    metrics.eventPublished(false);
                    return;
                }
                long offset = recovery.nextOffset();
                frame = codec.encodeEventMessage(allocator, event.event(), event.json(), Long.toString(offset));
                recovery.append(offset, event.organizationId(), event.room(), frame.retain());
                members = registry.members(event.organizationId(), event.room());
            }
            metrics.eventPublished(!members.isEmpty());
            try {
                for (Map.Entry<EventExecutor, List<SocketIoSession>> group : byExecutor(members).entrySet()) {
                    dispatch(group.getKey(), group.getValue(), frame);
                }
            } finally {
                frame.release();
            }
        } catch (RuntimeException e) {
            log.error("fan-out of {} to {} failed", LogText.escape(event.event()), event.room(), e);
        }
    }

    @Override
    public boolean hasAudience(UUID organizationId, Room room) {
        synchronized (recovery) {
            return registry.hasMembers(organizationId, room) || recovery.awaits(organizationId, room);
        }
    }

    private static Map<EventExecutor, List<SocketIoSession>> byExecutor(List<SocketIoSession> members) {
        Map<EventExecutor, List<SocketIoSession>> groups = new IdentityHashMap<>();
        for (SocketIoSession member : members) {
            groups.computeIfAbsent(member.executor(), e -> new ArrayList<>()).add(member);
        }
        return groups;
    }

    private void dispatch(EventExecutor executor, List<SocketIoSession> sessions, ByteBuf frame) {
        ByteBuf[] copies = new ByteBuf[sessions.size()];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = frame.retainedDuplicate();
        }
        Mailbox mailbox = mailboxes.computeIfAbsent(executor, e -> new Mailbox());
        mailbox.queue.add(() -> deliverAll(sessions, copies));
        if (mailbox.scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(mailbox);
            } catch (RejectedExecutionException e) {
                // The loop is shutting down; its sockets are closing anyway.
                mailbox.scheduled.set(false);
                Runnable task;
                while ((task = mailbox.queue.poll()) != null) {
                    task.run(); // deliver() releases each copy on a closed socket
                }
            }
        }
    }

    /**
     * The broadcasts waiting for one event loop. A burst of events (one MQTT read often carries
     * several) wakes the loop once, not once per event.
     */
    private static final class Mailbox implements Runnable {
        private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();

        @Override
        public void run() {
            // Cleared before draining: an event added meanwhile either is drained now or schedules a new run.
            scheduled.set(false);
            Runnable task;
            while ((task = queue.poll()) != null) {
                task.run();
            }
        }
    }

    private void deliverAll(List<SocketIoSession> sessions, ByteBuf[] copies) {
        int delivered = 0;
        for (int i = 0; i < copies.length; i++) {
            try {
                if (sessions.get(i).deliver(copies[i])) {
                    delivered++;
                } else {
                    metrics.frameDropped();
                }
            } catch (RuntimeException e) {
                // deliver() owns the buffer even when it fails; one socket's failure never stops the others.
                log.warn("delivery to {} failed", sessions.get(i), e);
            }
        }
        metrics.framesDelivered(delivered);
    }
}
