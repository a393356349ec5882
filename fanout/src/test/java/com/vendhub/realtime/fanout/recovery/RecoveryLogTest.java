package com.vendhub.realtime.fanout.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.vendhub.realtime.fanout.auth.Principal;
import com.vendhub.realtime.fanout.auth.Role;
import com.vendhub.realtime.fanout.metrics.FanoutMetrics;
import com.vendhub.realtime.fanout.rooms.RoomKey;
import com.vendhub.realtime.schema.rooms.Room;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecoveryLogTest {

    private static final UUID ORG_A = UUID.randomUUID();
    private static final UUID ORG_B = UUID.randomUUID();
    private static final Room MACHINES = Room.MACHINES_ALL;
    private static final Room MACHINE = Room.machine(UUID.randomUUID());
    private static final Principal ALICE = new Principal("alice", ORG_A, Role.VIEWER);

    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<ByteBuf> owned = new ArrayList<>();
    private RecoveryLog log = newLog(1000, 1 << 20);

    private RecoveryLog newLog(int maxEvents, long maxBytes) {
        return new RecoveryLog(new RecoverySettings(Duration.ofMinutes(2), maxEvents, maxBytes, 10),
                new FanoutMetrics(meters), nanos::get);
    }

    @AfterEach
    void release() {
        owned.forEach(ByteBuf::release);
        log.close();
    }

    private long publish(UUID org, Room room, String text) {
        long seq = log.nextOffset();
        log.append(seq, org, room, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        return seq;
    }

    private List<String> texts(Optional<RestoredSession> restored) {
        List<String> out = new ArrayList<>();
        for (ByteBuf b : restored.orElseThrow().missed()) {
            owned.add(b);
            out.add(b.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aDroppedSocketGetsWhatItMissedInItsOwnRoomsOnlyOnceEach() {
        long seen = publish(ORG_A, MACHINES, "a0");
        log.save("pid1", "sock1", ALICE, Set.of(RoomKey.of(ORG_A, MACHINES)), 0);
        publish(ORG_A, MACHINES, "a1");
        publish(ORG_B, MACHINES, "b1"); // same room name, other organization
        publish(ORG_A, MACHINE, "a-machine"); // a room it is not in
        publish(ORG_A, MACHINES, "a2");
        Set<RoomKey> rejoined = new HashSet<>();
        Optional<RestoredSession> restored = log.restore("pid1", Long.toString(seen), ALICE, r -> {
            rejoined.addAll(r);
            return r;
        });
        assertThat(restored.orElseThrow().socketId()).isEqualTo("sock1");
        assertThat(texts(restored)).containsExactly("a1", "a2");
        assertThat(rejoined).containsExactly(RoomKey.of(ORG_A, MACHINES));
        // The session is used up: the same pid does not restore twice.
        assertThat(log.restore("pid1", Long.toString(seen), ALICE, r -> r)).isEmpty();
    }

    @Test
    void aRoomIsAwaitedExactlyWhileASavedSessionHoldsIt() {
        Principal admin = new Principal("root", null, Role.SUPER_ADMIN);
        assertThat(log.awaits(ORG_A, MACHINES)).isFalse();
        log.save("pid1", "sock1", ALICE, Set.of(RoomKey.of(ORG_A, MACHINES)), 0);
        log.save("pid2", "sock2", ALICE, Set.of(RoomKey.of(ORG_A, MACHINES)), 0);
        assertThat(log.awaits(ORG_A, MACHINES)).isTrue();
        assertThat(log.awaits(ORG_B, MACHINES)).as("same room name, other organization").isFalse();
        assertThat(log.awaits(ORG_A, MACHINE)).isFalse();
        log.restore("pid1", null, ALICE, r -> r);
        assertThat(log.awaits(ORG_A, MACHINES)).as("pid2 still holds it").isTrue();
        log.restore("pid2", null, ALICE, r -> r);
        assertThat(log.awaits(ORG_A, MACHINES)).isFalse();
        // A super admin's wildcard room awaits every organization's events for that room, until it expires.
        log.save("pid3", "sock3", admin, Set.of(RoomKey.wildcard(MACHINE)), 0);
        assertThat(log.awaits(ORG_B, MACHINE)).isTrue();
        nanos.addAndGet(Duration.ofMinutes(2).plusSeconds(1).toNanos());
        publish(ORG_A, MACHINES, "expires the saved sessions");
        assertThat(log.awaits(ORG_B, MACHINE)).isFalse();
    }

    @Test
    void withoutAnOffsetItResumesFromWhereItConnected() {
        publish(ORG_A, MACHINES, "before");
        long position = log.position();
        log.save("pid1", "sock1", ALICE, Set.of(RoomKey.of(ORG_A, MACHINES)), position);
        publish(ORG_A, MACHINES, "after");
        assertThat(texts(log.restore("pid1", null, ALICE, r -> r))).containsExactly("after");
    }

    @Test
    void afterTheWindowTheClientGetsAFreshSession() {
        long seen = publish(ORG_A, MACHINES, "a0");
        log.save("pid1", "sock1", ALICE, Set.of(RoomKey.of(ORG_A, MACHINES)), 0);
        nanos.addAndGet(Duration.ofMinutes(2).plusSeconds(1).toNanos());
        assertThat(log.restore("pid1", Long.toString(seen), ALICE, r -> r)).isEmpty();
        assertThat(meters.counter("vendhub.fanout.recoveries", "outcome", "unknown_session").count()).isEqualTo(1);
    }

    @Test
    void anotherUsersTokenNeverRestoresTheSession() {
        long seen = publish(ORG_A, MACHINES, "a0");
        log.save("pid1", "sock1", ALICE, Set.of(RoomKey.of(ORG_A, MACHINES)), 0);
        Principal mallory = new Principal("mallory", ORG_B, Role.ADMIN);
        assertThat(log.restore("pid1", Long.toString(seen), mallory, r -> r)).isEmpty();
        assertThat(meters.counter("vendhub.fanout.recoveries", "outcome", "other_principal").count()).isEqualTo(1);
    }

    @Test
    void whenAMissedBroadcastWasEvictedByTheBoundTheClientGetsAFreshSessionAndTheEvictionIsCounted() {
        log.close();
        log = newLog(2, 1 << 20);
        long seen = publish(ORG_A, MACHINES, "a0");
        log.save("pid1", "sock1", ALICE, Set.of(RoomKey.of(ORG_A, MACHINES)), 0);
        publish(ORG_A, MACHINES, "a1");
        publish(ORG_A, MACHINES, "a2");
        publish(ORG_A, MACHINES, "a3"); // a1 is evicted
        assertThat(log.eventCount()).isEqualTo(2);
        assertThat(meters.counter("vendhub.fanout.recovery.evicted", "what", "events").count()).isEqualTo(2);
        assertThat(log.restore("pid1", Long.toString(seen), ALICE, r -> r)).isEmpty();
    }

    @Test
    void malformedOrFutureOffsetsAreRefusedNotTrusted() {
        publish(ORG_A, MACHINES, "a0");
        for (String bad : List.of("abc", "-1", "999", "1e3", "")) {
            log.save("pid1", "sock1", ALICE, Set.of(RoomKey.of(ORG_A, MACHINES)), 0);
            assertThat(log.restore("pid1", bad, ALICE, r -> r)).as(bad).isEmpty();
        }
    }

    @Test
    void theByteBoundHoldsAndEveryBufferIsReleased() {
        log.close();
        log = newLog(1000, 10);
        List<ByteBuf> frames = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ByteBuf frame = Unpooled.copiedBuffer("12345", StandardCharsets.UTF_8);
            frames.add(frame);
            log.append(log.nextOffset(), ORG_A, MACHINES, frame);
        }
        assertThat(log.byteCount()).isLessThanOrEqualTo(10);
        log.close();
        assertThat(frames).allSatisfy(f -> assertThat(f.refCnt()).isZero());
    }
}
