package com.vendhub.realtime.sim.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vendhub.realtime.sim.fleet.DeviceCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * Provisions simulated machines through the platform's REST API ({@code POST /api/v1/machines} with
 * an admin token, docs/contract.md, "REST"), a few requests at a time, and returns their credentials in order.
 */
public final class RestProvisioner {

    /** Requests in flight at once. */
    public static final int MAX_CONCURRENT_REQUESTS = 16;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    public RestProvisioner(URI apiBase, String adminToken) {
        this.base = Objects.requireNonNull(apiBase, "apiBase");
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
    }

    /**
     * Creates {@code count} machines named {@code "<namePrefix> <i>"} around ({@code lat}, {@code lng});
     * {@code organizationId} may be null (the token's own organization).
     *
     * @throws IOException naming the first failure, after every request has ended
     */
    public List<DeviceCredentials> provision(int count, String namePrefix, UUID organizationId, double lat, double lng)
            throws IOException, InterruptedException {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        Semaphore permits = new Semaphore(MAX_CONCURRENT_REQUESTS);
        List<CompletableFuture<DeviceCredentials>> created = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ObjectNode body = json.createObjectNode().put("name", namePrefix + " " + i)
                    // Spread the fleet over about 10 km so a map shows machines, not one dot.
                    .put("lat", lat + ((i * 7919) % 1000 - 500) / 10_000.0)
                    .put("lng", lng + ((i * 104_729) % 1000 - 500) / 10_000.0);
            if (organizationId != null) {
                body.put("organizationId", organizationId.toString());
            }
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/machines")).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
            permits.acquire();
            created.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(this::credentials)
                    .whenComplete((c, e) -> permits.release()));
        }
        List<DeviceCredentials> out = new ArrayList<>(count);
        String firstFailure = null;
        for (CompletableFuture<DeviceCredentials> f : created) {
            try {
                out.add(f.join());
            } catch (CompletionException e) {
                firstFailure = firstFailure == null ? String.valueOf(e.getCause().getMessage()) : firstFailure;
            }
        }
        if (firstFailure != null) {
            throw new IOException((count - out.size()) + " of " + count + " machines not provisioned; first failure: "
                    + firstFailure);
        }
        return out;
    }

    private DeviceCredentials credentials(HttpResponse<String> response) {
        try {
            JsonNode body = json.readTree(response.body());
            if (response.statusCode() != 201) {
                throw new CompletionException(new IOException("POST /api/v1/machines answered "
                        + response.statusCode() + ": " + body.path("message").asText(response.body())));
            }
            return new DeviceCredentials(UUID.fromString(body.path("id").asText()), body.path("deviceToken").asText());
        } catch (IOException e) {
            throw new CompletionException(new IOException("POST /api/v1/machines answered " + response.statusCode()
                    + " with a body that is not JSON"));
        }
    }
}
