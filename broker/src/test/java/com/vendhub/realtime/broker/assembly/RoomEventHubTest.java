package com.vendhub.realtime.broker.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.rooms.Room;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoomEventHubTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final UUID organization = UUID.randomUUID();

    @Test
    void anEventBeforeTheConsumerIsConnectedIsCountedAndDroppedThenEventsPassThrough() {
        RoomEventHub hub = new RoomEventHub("fanout", metrics);
        RoomEvent early = event("early");
        assertThat(hub.hasAudience(organization, early.room())).isTrue(); // so the drop is counted, not skipped
        hub.publish(early);

        List<RoomEvent> received = new ArrayList<>();
        hub.connect(received::add);
        RoomEvent later = event("later");
        hub.publish(later);

        assertThat(received).containsExactly(later);
        assertThat(metrics.get("vendhub.assembly.events.unconnected").tag("hub", "fanout").counter().count())
                .isEqualTo(1);
    }

    @Test
    void itIsConnectedOnceAndAsksTheConsumerForAnAudience() {
        RoomEventHub hub = new RoomEventHub("fanout", metrics);
        hub.connect(new RoomEventSink() {
            @Override
            public void publish(RoomEvent event) {
            }

            @Override
            public boolean hasAudience(UUID organizationId, Room room) {
                return false;
            }
        });
        assertThat(hub.hasAudience(organization, event("x").room())).isFalse();
        assertThatThrownBy(() -> hub.connect(RoomEventSink.NONE)).isInstanceOf(IllegalStateException.class);
    }

    private RoomEvent event(String name) {
        return new RoomEvent(organization, Room.org(organization), name, "{}".getBytes(StandardCharsets.UTF_8));
    }
}
