package dev.tailtalos.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Posts to config-service's {@code POST /api/v1/rollouts}, which emits rollout.requested with who and why. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Request a rollout through config-service's HTTP API (POST /api/v1/rollouts).",
                "The token comes from --token or TAILTALOS_API_TOKEN; the URL from --url or TAILTALOS_CONFIG_URL."})
public class RolloutStartCommand implements Callable<Integer> {

    @Option(names = "--reason", required = true, description = "why (recorded in the event and the audit log)")
    String reason;

    @Option(names = "--node", description = "node hostname (repeatable; default: every node)")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--repo", description = "cluster repo path as config-service sees it (default: its configured repo)")
    String repo;

    @Option(names = "--requested-by", description = "who asks (default: $USER)")
    String requestedBy = System.getenv().getOrDefault("USER", "cli");

    @Option(names = "--url", description = "config-service base URL (default: ${DEFAULT-VALUE})")
    String url = System.getenv().getOrDefault("TAILTALOS_CONFIG_URL", "http://127.0.0.1:8081");

    @Option(names = "--token", description = "API bearer token (default: $TAILTALOS_API_TOKEN)")
    String token = System.getenv("TAILTALOS_API_TOKEN");

    @Option(names = "--output", description = "text or json (default: ${DEFAULT-VALUE})")
    Output.Format output = Output.Format.text;

    @Override
    public Integer call() throws Exception {
        if (token == null || token.isBlank()) {
            System.err.println("error: no API token: pass --token or set TAILTALOS_API_TOKEN");
            return 2;
        }
        ObjectNode body = Output.JSON.createObjectNode().put("reason", reason).put("requestedBy", requestedBy);
        nodes.forEach(body.putArray("nodes")::add);
        if (repo != null) {
            body.put("repo", repo);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/v1/rollouts"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode reply = Output.JSON.readTree(response.body().isBlank() ? "{}" : response.body());
        if (output == Output.Format.json) {
            System.out.println(reply.toPrettyString());
        } else if (response.statusCode() == 202) {
            System.out.println("rollout " + reply.path("rolloutId").asText() + " requested by " + reply.path("requestedBy").asText());
        } else {
            System.err.println("error: HTTP " + response.statusCode() + ": " + reply.path("error").asText(response.body()));
        }
        return response.statusCode() == 202 ? 0 : 1;
    }
}
