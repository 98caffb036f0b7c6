package dev.tailtalos.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.web.BearerToken;
import dev.tailtalos.common.web.TokenFile;
import java.net.URI;
import java.nio.file.Path;
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
                "The token comes from the file named by --token-file or TAILTALOS_CONFIG_TOKEN_FILE (never from argv);",
                "the URL from --url or TAILTALOS_CONFIG_URL."})
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

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding config-service's API bearer token (default: $TAILTALOS_CONFIG_TOKEN_FILE).")
    Path tokenFile = System.getenv("TAILTALOS_CONFIG_TOKEN_FILE") == null ? null
            : Path.of(System.getenv("TAILTALOS_CONFIG_TOKEN_FILE"));

    /** Refused with a pointer to --token-file: a token on argv is readable in /proc/PID/cmdline by every local user. */
    @Option(names = "--token", hidden = true)
    String tokenOnArgv;

    @Option(names = "--output", description = "text or json (default: ${DEFAULT-VALUE})")
    Output.Format output = Output.Format.text;

    @Override
    public Integer call() throws Exception {
        if (tokenOnArgv != null) {
            System.err.println("error: --token is not accepted (argv is readable by every local user): put the token in a"
                    + " 0600 file and pass --token-file FILE or set TAILTALOS_CONFIG_TOKEN_FILE");
            return 2;
        }
        if (tokenFile == null) {
            System.err.println("error: no API token: pass --token-file FILE or set TAILTALOS_CONFIG_TOKEN_FILE");
            return 2;
        }
        BearerToken token;
        try {
            token = TokenFile.read(tokenFile);
        } catch (RuntimeException e) {
            System.err.println("error: --token-file: " + e.getMessage());
            return 2;
        }
        ObjectNode body = Output.JSON.createObjectNode().put("reason", reason).put("requestedBy", requestedBy);
        nodes.forEach(body.putArray("nodes")::add);
        if (repo != null) {
            body.put("repo", repo);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/v1/rollouts"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", token.header())
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
