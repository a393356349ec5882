package com.vendhub.realtime.fanout.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.fanout.auth.InvalidTokenException;
import com.vendhub.realtime.fanout.auth.JwtVerifier;
import com.vendhub.realtime.fanout.auth.Principal;
import com.vendhub.realtime.fanout.auth.Role;
import com.vendhub.realtime.fanout.events.BackendEventPolicy;
import com.vendhub.realtime.fanout.events.EventsEndpoint;
import com.vendhub.realtime.fanout.history.TelemetryHistoryEndpoint;
import com.vendhub.realtime.schema.events.RoomEventSink;
import com.vendhub.realtime.schema.machines.MachineLiveState;
import com.vendhub.realtime.schema.machines.MachineRecord;
import com.vendhub.realtime.schema.machines.MachineRegistry;
import com.vendhub.realtime.schema.machines.ProvisionedMachine;
import com.vendhub.realtime.schema.model.MachineStatus;
import com.vendhub.realtime.schema.text.LogText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract's machine endpoints: list (live map), latest telemetry (monitor), provision.
 * Everything is scoped to the caller's organization; another organization's machine is a 404,
 * exactly like a machine that does not exist. Runs on worker threads.
 */
public final class RestApi {

    /** Longest machine name accepted at provisioning. */
    public static final int MAX_NAME_LENGTH = 200;

    private static final Logger log = LoggerFactory.getLogger(RestApi.class);
    private static final Pattern TELEMETRY = Pattern.compile("^/api/v1/machines/([^/]+)/telemetry$");
    private static final String MACHINES = "/api/v1/machines";
    private static final Pattern TOKEN = Pattern.compile("^/api/v1/machines/([^/]+)/token$");
    private static final String ALERTS = "/api/v1/alerts";
    private static final Pattern HISTORY = Pattern.compile("^/api/v1/machines/([^/]+)/telemetry/history$");

    private final JwtVerifier verifier;
    private final MachineRegistry machines;
    private final MachineLiveState live;
    private final ObjectMapper mapper;
    private final EventsEndpoint events;
    private final AlertsEndpoint alerts;
    private final TelemetryHistoryEndpoint history;

    /** Without a fan-out behind it: {@code POST /api/v1/events} accepts and discards (unit tests). */
    public RestApi(JwtVerifier verifier, MachineRegistry machines, MachineLiveState live, ObjectMapper mapper) {
        this(verifier, machines, live, AlertDirectory.NONE, mapper,
                new EventsEndpoint(RoomEventSink.NONE, new BackendEventPolicy(machines), mapper,
                        new SimpleMeterRegistry()));
    }

    /** As above, with the active alerts of {@code GET /api/v1/alerts} and {@code POST /api/v1/events}. */
    public RestApi(JwtVerifier verifier, MachineRegistry machines, MachineLiveState live, AlertDirectory alerts,
                   ObjectMapper mapper, EventsEndpoint events) {
        this(verifier, machines, live, alerts, mapper, events, null);
    }

    /** As above, with the telemetry history endpoint, or null where this node has none (404). */
    public RestApi(JwtVerifier verifier, MachineRegistry machines, MachineLiveState live, AlertDirectory alerts,
                   ObjectMapper mapper, EventsEndpoint events, TelemetryHistoryEndpoint history) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.machines = Objects.requireNonNull(machines, "machines");
        this.live = Objects.requireNonNull(live, "live");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.alerts = new AlertsEndpoint(alerts, mapper);
        this.events = Objects.requireNonNull(events, "events");
        this.history = history;
    }

    /** A metric tag for the request's route (a fixed vocabulary, never the raw path). */
    public static String routeOf(RestRequest request) {
        String path = normalize(request.path());
        if (MACHINES.equals(path)) {
            return "GET".equals(request.method()) ? "machines.list" : "machines.provision";
        }
        if (TOKEN.matcher(path).matches()) {
            return "machines.token";
        }
        if (EventsEndpoint.PATH.equals(path)) {
            return "events.publish";
        }
        if (HISTORY.matcher(path).matches()) {
            return "machines.telemetry.history";
        }
        if (ALERTS.equals(path)) {
            return "alerts.list";
        }
        return TELEMETRY.matcher(path).matches() ? "machines.telemetry" : "unknown";
    }

    public RestResponse handle(RestRequest request) {
        String path = normalize(request.path());
        boolean machines = MACHINES.equals(path);
        Matcher telemetry = TELEMETRY.matcher(path);
        Matcher token = TOKEN.matcher(path);
        Matcher historyPath = HISTORY.matcher(path);
        boolean known = (machines && ("GET".equals(request.method()) || "POST".equals(request.method())))
                || (telemetry.matches() && "GET".equals(request.method()))
                || (historyPath.matches() && "GET".equals(request.method()))
                || (token.matches() && "POST".equals(request.method()))
                || (EventsEndpoint.PATH.equals(path) && "POST".equals(request.method()))
                || (ALERTS.equals(path) && "GET".equals(request.method()));
        if (!known) {
            return notFoundOrWrongMethod(path);
        }
        Principal caller;
        try {
            caller = verifier.verify(bearer(request.authorization()));
        } catch (InvalidTokenException e) {
            log.debug("REST {} refused: token {}", request, e.reason().tag());
            return RestResponse.error(401, "unauthorized", "Missing or invalid bearer token")
                    .withHeader("WWW-Authenticate", "Bearer");
        }
        try {
            if (machines && "GET".equals(request.method())) {
                return list(caller, request);
            }
            if (machines) {
                return provision(caller, request);
            }
            if (token.matches()) {
                return rotateToken(caller, token.group(1));
            }
            if (EventsEndpoint.PATH.equals(path)) {
                return events.publish(caller, request);
            }
            if (ALERTS.equals(path)) {
                return alerts.list(caller, request);
            }
            if (historyPath.matches()) {
                return history == null
                        ? RestResponse.error(404, "not_found", "Telemetry history is not available on this node")
                        : history.handle(caller, historyPath.group(1), request);
            }
            return latestTelemetry(caller, telemetry.group(1));
        } catch (RuntimeException e) {
            log.error("REST {} failed", request, e);
            return RestResponse.error(500, "internal_error", "Internal error");
        }
    }

    private RestResponse list(Principal caller, RestRequest request) {
        boolean withLocation = "true".equalsIgnoreCase(request.queryParam("withLocation"));
        Optional<UUID> scope = Optional.ofNullable(caller.organizationId());
        if (caller.isSuperAdmin()) {
            String org = request.queryParam("organizationId");
            scope = org == null ? Optional.empty() : CanonicalUuid.parse(org);
            if (org != null && scope.isEmpty()) {
                return RestResponse.error(400, "bad_request", "organizationId must be a UUID");
            }
        }
        ArrayNode out = mapper.createArrayNode();
        for (MachineRecord m : machines.list(scope)) {
            if (!caller.isSuperAdmin() && !m.organizationId().equals(caller.organizationId())) {
                continue; // defence in depth: a registry bug must not leak another tenant's machines
            }
            ObjectNode node = out.addObject().put("id", m.id().toString()).put("name", m.name());
            if (withLocation) {
                node.put("lat", m.lat()).put("lng", m.lng());
            }
            node.put("status", live.status(m.id()).map(MachineStatus::wire).orElse(null));
            node.put("lastSeenAt", live.lastSeen(m.id()).map(Instant::toString).orElse(null));
        }
        return RestResponse.json(200, bytes(out));
    }

    private RestResponse latestTelemetry(Principal caller, String rawId) {
        Optional<UUID> id = CanonicalUuid.parse(rawId);
        if (id.isEmpty()) {
            return malformedMachineId();
        }
        Optional<MachineRecord> machine = id.flatMap(machines::find)
                .filter(m -> caller.isSuperAdmin() || m.organizationId().equals(caller.organizationId()));
        if (machine.isEmpty()) {
            return RestResponse.error(404, "not_found", "Machine not found");
        }
        return live.latestTelemetryJson(machine.get().id())
                .map(json -> RestResponse.json(200, json))
                .orElseGet(() -> RestResponse.error(404, "not_found", "No telemetry for this machine yet"));
    }

    private RestResponse provision(Principal caller, RestRequest request) {
        if (!caller.hasRole(Role.ADMIN, Role.SUPER_ADMIN)) {
            return RestResponse.error(403, "forbidden", "Provisioning machines requires the admin role");
        }
        JsonNode body;
        try {
            body = mapper.readTree(request.body());
        } catch (IOException e) {
            return RestResponse.error(400, "bad_request", "Body must be a JSON object");
        }
        if (body == null || !body.isObject()) {
            return RestResponse.error(400, "bad_request", "Body must be a JSON object");
        }
        JsonNode nameNode = body.get("name");
        String name = nameNode != null && nameNode.isTextual() ? nameNode.textValue().strip() : "";
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return RestResponse.error(400, "bad_request", "name must be a non-empty string of at most "
                    + MAX_NAME_LENGTH + " characters");
        }
        if (!isPrintable(name)) {
            // PostgreSQL refuses NUL in text (it answered 500); a name is one printable line.
            return RestResponse.error(400, "bad_request", "name must not contain control characters");
        }
        Double lat = coordinate(body.get("lat"), 90);
        Double lng = coordinate(body.get("lng"), 180);
        if (lat == null && isPresent(body.get("lat")) || lng == null && isPresent(body.get("lng"))) {
            return RestResponse.error(400, "bad_request", "lat must be within [-90, 90] and lng within [-180, 180]");
        }
        if ((lat == null) != (lng == null)) {
            return RestResponse.error(400, "bad_request", "lat and lng go together");
        }
        UUID organizationId = caller.organizationId();
        JsonNode orgNode = body.get("organizationId");
        if (isPresent(orgNode)) {
            Optional<UUID> requested = orgNode.isTextual() ? CanonicalUuid.parse(orgNode.textValue()) : Optional.empty();
            if (requested.isEmpty()) {
                return RestResponse.error(400, "bad_request", "organizationId must be a UUID");
            }
            if (!caller.isSuperAdmin() && !requested.get().equals(caller.organizationId())) {
                return RestResponse.error(403, "forbidden", "Only a super admin may provision for another organization");
            }
            organizationId = requested.get();
        }
        if (organizationId == null) {
            return RestResponse.error(400, "bad_request", "organizationId is required");
        }
        ProvisionedMachine provisioned = machines.provision(organizationId, name, lat, lng);
        MachineRecord created = provisioned.machine();
        log.info("machine {} provisioned in organization {} by user {}", created.id(), created.organizationId(),
                LogText.escape(caller.userId()));
        ObjectNode out = mapper.createObjectNode()
                .put("id", created.id().toString())
                .put("name", created.name())
                .put("organizationId", created.organizationId().toString())
                .put("deviceToken", provisioned.deviceToken());
        return RestResponse.json(201, bytes(out))
                .withHeader("Location", MACHINES + "/" + created.id())
                .withHeader("Cache-Control", "no-store");
    }

    /** False for text with a control character (C0 with NUL, DEL, C1) or a lone surrogate. */
    private static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code POST /api/v1/machines/{id}/token}: a new device token; the old one stops working at once. */
    private RestResponse rotateToken(Principal caller, String rawId) {
        if (!caller.hasRole(Role.ADMIN, Role.SUPER_ADMIN)) {
            return RestResponse.error(403, "forbidden", "Rotating device tokens requires the admin role");
        }
        if (CanonicalUuid.parse(rawId).isEmpty()) {
            return malformedMachineId();
        }
        Optional<MachineRecord> machine = CanonicalUuid.parse(rawId).flatMap(machines::find)
                .filter(m -> caller.isSuperAdmin() || m.organizationId().equals(caller.organizationId()));
        if (machine.isEmpty()) {
            return RestResponse.error(404, "not_found", "Machine not found");
        }
        Optional<ProvisionedMachine> rotated = machines.rotateToken(machine.get().id());
        if (rotated.isEmpty()) {
            return RestResponse.error(404, "not_found", "Machine not found");
        }
        log.info("device token of machine {} rotated by user {}", rotated.get().machine().id(),
                LogText.escape(caller.userId()));
        ObjectNode out = mapper.createObjectNode()
                .put("id", rotated.get().machine().id().toString())
                .put("deviceToken", rotated.get().deviceToken());
        return RestResponse.json(200, bytes(out)).withHeader("Cache-Control", "no-store");
    }

    /**
     * A path that exists with another method is a 405 with {@code Allow} (RFC 9110, 15.5.6); any other
     * is a 404. Both come before authentication: the endpoints are public (the contract lists them).
     */
    private static RestResponse notFoundOrWrongMethod(String path) {
        String allow = null;
        if (MACHINES.equals(path)) {
            allow = "GET, POST";
        } else if (TELEMETRY.matcher(path).matches() || ALERTS.equals(path)) {
            allow = "GET";
        } else if (TOKEN.matcher(path).matches() || EventsEndpoint.PATH.equals(path)) {
            allow = "POST";
        }
        if (allow == null) {
            return RestResponse.error(404, "not_found", "No such endpoint");
        }
        return RestResponse.error(405, "method_not_allowed", "Allowed methods: " + allow).withHeader("Allow", allow);
    }

    /** A machine id that is not a UUID in canonical form: a client error, not a missing machine. */
    private static RestResponse malformedMachineId() {
        return RestResponse.error(400, "bad_request", "Machine id must be a UUID");
    }

    private static Double coordinate(JsonNode node, double bound) {
        if (node == null || !node.isNumber()) {
            return null;
        }
        double value = node.doubleValue();
        return Double.isFinite(value) && Math.abs(value) <= bound ? value : null;
    }

    private static boolean isPresent(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static String bearer(String header) {
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return null;
    }

    private static String normalize(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a JsonNode", e);
        }
    }
}
