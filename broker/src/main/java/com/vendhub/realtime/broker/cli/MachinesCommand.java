package com.vendhub.realtime.broker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vendhub machines add|list|rotate-token}: provisioning through the running server's REST API. */
@Command(name = "machines", mixinStandardHelpOptions = true,
        footer = {"",
            "Examples:",
            "  vendhub machines add --org $ORG --name Lobby --lat 41.3 --lng 69.2 \\",
            "      --count 100 --format csv",
            "  vendhub machines list --org $ORG",
            "  vendhub machines rotate-token $MACHINE_ID --format csv",
            "",
            Vendhub.EXIT_CODES},
        description = "Provision machines and their device tokens through the running server's REST API.",
        subcommands = {MachinesCommand.Add.class, MachinesCommand.ListMachines.class, MachinesCommand.RotateToken.class})
final class MachinesCommand implements Runnable {

    /** Output formats: readable lines, or the {@code machineId,token} lines vendhub-sim and the benchmarks read. */
    enum Format { text, csv }

    /** Requests in flight at once while provisioning a fleet. */
    static final int MAX_CONCURRENT_REQUESTS = 16;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Thrown for an answer other than the expected status; carries the server's message. */
    static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;

        ApiException(String message) {
            super(message);
        }
    }

    static JsonNode call(HttpClient http, ApiOptions api, String bearer, String method, String path, JsonNode body,
                         int expected) throws IOException, InterruptedException, ApiException {
        return decode(http.send(request(api, bearer, method, path, body), HttpResponse.BodyHandlers.ofString()),
                method, path, expected);
    }

    static HttpRequest request(ApiOptions api, String bearer, String method, String path, JsonNode body)
            throws IOException {
        return HttpRequest.newBuilder(URI.create(api.base() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
    }

    static JsonNode decode(HttpResponse<String> response, String method, String path, int expected)
            throws IOException, ApiException {
        if (response.statusCode() != expected) {
            String message = response.body();
            try {
                message = JSON.readTree(response.body()).path("message").asText(message);
            } catch (IOException notJson) {
                // keep the raw body
            }
            throw new ApiException(method + " " + path + " answered " + response.statusCode() + ": " + message);
        }
        return JSON.readTree(response.body());
    }

    static int fail(CommandSpec spec, String what, Exception e) {
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        spec.commandLine().getErr().println("vendhub machines " + what + ": " + message);
        return 1;
    }

    /** {@code machines add}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Provision one machine, or --count N of them; prints each id with its device token, once.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ApiOptions api;

        @Option(names = "--org", description = "Organization id; required with a super_admin token, "
                + "defaults to the admin token's own organization.")
        UUID organizationId;

        @Option(names = "--name", required = true, description = "Machine name; with --count, a number is appended.")
        String name;

        @Option(names = "--lat", description = "Latitude.")
        Double lat;

        @Option(names = "--lng", description = "Longitude.")
        Double lng;

        @Option(names = "--count", description = "How many machines.")
        int count = 1;

        @Option(names = "--format", description = "text or csv (machineId,token lines).")
        Format format = Format.text;

        @Override
        public Integer call() throws Exception {
            if (count < 1) {
                return fail(spec, "add", new IllegalArgumentException("--count must be at least 1"));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
            String bearer;
            try {
                bearer = api.bearer();
            } catch (IllegalArgumentException e) {
                return fail(spec, "add", e);
            }
            Semaphore permits = new Semaphore(MAX_CONCURRENT_REQUESTS);
            List<CompletableFuture<JsonNode>> created = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                ObjectNode body = JSON.createObjectNode().put("name", count == 1 ? name : name + " " + i);
                if (lat != null) {
                    body.put("lat", lat);
                }
                if (lng != null) {
                    body.put("lng", lng);
                }
                if (organizationId != null) {
                    body.put("organizationId", organizationId.toString());
                }
                permits.acquire();
                created.add(http.sendAsync(request(api, bearer, "POST", "/api/v1/machines", body),
                                HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> {
                            try {
                                return decode(r, "POST", "/api/v1/machines", 201);
                            } catch (IOException | ApiException e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        })
                        .whenComplete((r, e) -> permits.release()));
            }
            PrintWriter out = spec.commandLine().getOut();
            int failed = 0;
            String firstFailure = null;
            for (CompletableFuture<JsonNode> f : created) {
                try {
                    JsonNode m = f.join();
                    if (format == Format.csv) {
                        out.println(m.path("id").asText() + "," + m.path("deviceToken").asText());
                    } else {
                        out.println(m.path("id").asText() + "  " + m.path("name").asText() + "  organization "
                                + m.path("organizationId").asText() + "  device token " + m.path("deviceToken").asText());
                    }
                } catch (java.util.concurrent.CompletionException e) {
                    failed++;
                    firstFailure = firstFailure == null ? String.valueOf(e.getCause().getMessage()) : firstFailure;
                }
            }
            out.flush();
            if (failed > 0) {
                spec.commandLine().getErr().println("vendhub machines add: " + failed + " of " + count
                        + " machines not provisioned; first failure: " + firstFailure);
                return 1;
            }
            if (format == Format.text) {
                spec.commandLine().getErr().println("Device tokens are shown this once; the server keeps only their hashes.");
            }
            return 0;
        }
    }

    /** {@code machines list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List machines with status and location.")
    static final class ListMachines implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ApiOptions api;

        @Option(names = "--org", description = "Only this organization (a super_admin sees all without it).")
        UUID organizationId;

        @Override
        public Integer call() throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
            String path = "/api/v1/machines?withLocation=true"
                    + (organizationId == null ? "" : "&organizationId=" + organizationId);
            try {
                JsonNode list = MachinesCommand.call(http, api, api.bearer(), "GET", path, null, 200);
                PrintWriter out = spec.commandLine().getOut();
                out.println("id,name,status,lat,lng,lastSeenAt");
                for (JsonNode m : list) {
                    out.println(String.join(",", m.path("id").asText(), csv(m.path("name").asText()),
                            m.path("status").asText(), m.path("lat").asText(""), m.path("lng").asText(""),
                            m.path("lastSeenAt").asText("")));
                }
                out.flush();
                return 0;
            } catch (ApiException | IllegalArgumentException | IOException e) {
                return fail(spec, "list", e);
            }
        }

        private static String csv(String s) {
            return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }
    }

    /** {@code machines rotate-token}. */
    @Command(name = "rotate-token", mixinStandardHelpOptions = true,
            description = "Give a machine a new device token; the old one stops working at once and a machine "
                    + "connected with it is disconnected.")
    static final class RotateToken implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ApiOptions api;

        @Parameters(index = "0", description = "The machine id.")
        UUID machineId;

        @Option(names = "--format", description = "text or csv (machineId,token).")
        Format format = Format.text;

        @Override
        public Integer call() throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
            try {
                JsonNode r = MachinesCommand.call(http, api, api.bearer(), "POST", "/api/v1/machines/" + machineId + "/token", null, 200);
                PrintWriter out = spec.commandLine().getOut();
                out.println(format == Format.csv ? r.path("id").asText() + "," + r.path("deviceToken").asText()
                        : r.path("id").asText() + "  new device token " + r.path("deviceToken").asText());
                out.flush();
                return 0;
            } catch (ApiException | IllegalArgumentException | IOException e) {
                return fail(spec, "rotate-token", e);
            }
        }
    }
}
