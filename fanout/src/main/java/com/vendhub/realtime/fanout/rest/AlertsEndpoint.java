package com.vendhub.realtime.fanout.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vendhub.realtime.fanout.auth.Principal;
import com.vendhub.realtime.schema.model.InventoryAlert;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/v1/alerts?active=true}: the caller's organization's active low-level alerts, each in
 * the shape of {@code inventory:low} (with {@code emptyAt} when there is a forecast), soonest to run
 * empty first. A {@code super_admin} sees every organization's, or one with {@code ?organizationId=}.
 */
public final class AlertsEndpoint {

    /** Most alerts one answer lists; more are cut and the answer says so in {@link #TRUNCATED_HEADER}. */
    public static final int MAX_ALERTS = 10_000;
    /** Set to {@code true} on an answer that lists only the first {@link #MAX_ALERTS}. */
    public static final String TRUNCATED_HEADER = "X-Vendhub-Truncated";

    private final AlertDirectory alerts;
    private final ObjectMapper mapper;

    public AlertsEndpoint(AlertDirectory alerts, ObjectMapper mapper) {
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public RestResponse list(Principal caller, RestRequest request) {
        String active = request.queryParam("active");
        if (active != null && !"true".equals(active)) {
            // Only the current alerts are served; their history is the inventory_alerts table.
            return RestResponse.error(400, "bad_request", "active must be true");
        }
        Optional<UUID> scope = Optional.ofNullable(caller.organizationId());
        String org = request.queryParam("organizationId");
        if (caller.isSuperAdmin()) {
            scope = org == null ? Optional.empty() : CanonicalUuid.parse(org);
            if (org != null && scope.isEmpty()) {
                return RestResponse.error(400, "bad_request", "organizationId must be a UUID");
            }
        } else if (org != null && !CanonicalUuid.parse(org).equals(scope)) {
            // Another organization's alerts are nobody else's business: the same as not asking.
            return RestResponse.error(400, "bad_request", "organizationId must be your own organization");
        }
        if (scope.isEmpty() && !caller.isSuperAdmin()) {
            return RestResponse.json(200, "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        List<AlertDirectory.ActiveAlert> found = alerts.active(scope, MAX_ALERTS + 1);
        List<InventoryAlert> out = new ArrayList<>(Math.min(found.size(), MAX_ALERTS));
        for (AlertDirectory.ActiveAlert a : found) {
            if (out.size() == MAX_ALERTS) {
                break;
            }
            if (caller.isSuperAdmin() || a.organizationId().equals(caller.organizationId())) {
                out.add(a.alert()); // defence in depth: a directory bug must not leak another tenant's alerts
            }
        }
        RestResponse response;
        try {
            response = RestResponse.json(200, mapper.writeValueAsBytes(out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode alerts", e);
        }
        return found.size() > MAX_ALERTS ? response.withHeader(TRUNCATED_HEADER, "true") : response;
    }
}
