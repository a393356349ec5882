package com.vendhub.realtime.fanout.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.fanout.auth.Principal;
import com.vendhub.realtime.fanout.auth.Role;
import com.vendhub.realtime.fanout.rest.CanonicalUuid;
import com.vendhub.realtime.fanout.rest.RestRequest;
import com.vendhub.realtime.fanout.rest.RestResponse;
import com.vendhub.realtime.schema.events.RoomEvent;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.events.RoomEventWire;
import com.vendhub.realtime.schema.metrics.SharedMetricNames;
import com.vendhub.realtime.schema.rooms.Room;
import com.vendhub.realtime.schema.text.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/events {room, event, data, organizationId}} (docs/contract.md, "REST"): roles {@code
 * service} and {@code admin} publish into their own organization only, {@code super_admin} into any.
 * {@code organizationId} may be omitted and then means the caller's own. Nobody may publish the platform's
 * own event names or into the room of another organization's machine ({@link BackendEventPolicy}).
 * The event goes to the same
 * {@link RoomEventSink} as the MQTT {@code vendhub/events/{room}} path; the answer is 202 as soon as it
 * is handed over (the sink never blocks). Runs on a REST worker thread.
 */
public final class EventsEndpoint {

    /** The endpoint's path. */
    public static final String PATH = "/api/v1/events";

    private static final Logger log = LoggerFactory.getLogger(EventsEndpoint.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RoomEventSink sink;
    private final BackendEventPolicy policy;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final Counter received;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    /**
     * @param sink where accepted events go: the in-process fan-out, or the MQTT event stream on a
     *             {@code vendhub fanout} node so that every node serves it
     * @param policy refuses reserved event names and other organizations' machine rooms
     */
    public EventsEndpoint(RoomEventSink sink, BackendEventPolicy policy, ObjectMapper mapper, MeterRegistry meters) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.received = Counter.builder(SharedMetricNames.EVENTS_RECEIVED).description("Backend events accepted for fan-out")
                .tag("source", "rest").register(meters);
    }

    /** Handles an authenticated {@code POST /api/v1/events}. */
    public RestResponse publish(Principal caller, RestRequest request) {
        if (!caller.hasRole(Role.SERVICE, Role.ADMIN, Role.SUPER_ADMIN)) {
            return refuse(caller, "forbidden_role", 403, "forbidden", "Publishing events requires the service or admin role");
        }
        JsonNode body;
        try {
            body = mapper.readTree(request.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return refuse(caller, "not_json", 400, "bad_request", "Body must be a JSON object");
        }
        JsonNode roomNode = body.get("room");
        Optional<Room> room = roomNode != null && roomNode.isTextual() ? Room.parse(roomNode.textValue())
                : Optional.empty();
        if (room.isEmpty()) {
            return refuse(caller, "bad_room", 400, "bad_request",
                    "room must be one of machine:{uuid}, machines:all, org:{uuid}, user:{id}, tasks:{id}");
        }
        JsonNode eventNode = body.get("event");
        if (eventNode == null || !eventNode.isTextual() || !RoomEventWire.isValidEventName(eventNode.textValue())) {
            return refuse(caller, "bad_event", 400, "bad_request", "event must be a non-empty name of at most "
                    + RoomEventWire.MAX_EVENT_NAME + " characters and not a reserved Socket.IO event");
        }
        UUID organizationId = caller.organizationId();
        JsonNode orgNode = body.get("organizationId");
        if (orgNode != null && !orgNode.isNull()) {
            Optional<UUID> named = orgNode.isTextual() ? CanonicalUuid.parse(orgNode.textValue()) : Optional.empty();
            if (named.isEmpty()) {
                return refuse(caller, "bad_organization", 400, "bad_request", "organizationId must be a UUID");
            }
            if (!caller.isSuperAdmin() && !named.get().equals(caller.organizationId())) {
                return refuse(caller, "other_organization", 403, "forbidden",
                        "Events may only be published into the caller's own organization");
            }
            organizationId = named.get();
        }
        if (organizationId == null) {
            return refuse(caller, "bad_organization", 400, "bad_request", "organizationId is required");
        }
        Optional<BackendEventPolicy.Refusal> refusal = policy.check(organizationId, room.get(), eventNode.textValue());
        if (refusal.isPresent()) {
            BackendEventPolicy.Refusal r = refusal.get();
            return refuse(caller, r.reason(), r.status(), r.status() == 503 ? "unavailable" : "forbidden", r.message());
        }
        JsonNode data = body.get("data");
        RoomEvent event;
        try {
            event = new RoomEvent(organizationId, room.get(), eventNode.textValue(),
                    mapper.writeValueAsBytes(data == null ? mapper.nullNode() : data));
        } catch (JsonProcessingException e) {
            return refuse(caller, "not_json", 400, "bad_request", "data must be JSON");
        }
        sink.publish(event);
        received.increment();
        ObjectNode out = mapper.createObjectNode()
                .put("room", event.room().name())
                .put("event", event.event())
                .put("organizationId", organizationId.toString());
        try {
            return RestResponse.json(202, mapper.writeValueAsBytes(out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a JsonNode", e);
        }
    }

    private RestResponse refuse(Principal caller, String reason, int status, String error, String message) {
        Counter.builder(SharedMetricNames.EVENTS_REJECTED).description("Backend events refused")
                .tags("source", "rest", "reason", reason).register(meters).increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            log.warn("POST {} by user {} ({}) refused: {}", PATH, LogText.escape(caller.userId()),
                    caller.role().claim(), reason);
        }
        return RestResponse.error(status, error, message);
    }
}
