package dev.tailtalos.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.rollout.PolicyFieldException;
import dev.tailtalos.common.rollout.RolloutPolicyFields;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.common.web.BearerToken;
import dev.tailtalos.common.web.TokenFile;
import dev.tailtalos.cli.CliHttp;
import dev.tailtalos.cli.ServiceUrl;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--max-parallel", paramLabel = "N", description = "worker nodes applied at once (waves of N)")
    String maxParallel;

    @Option(names = "--max-failures", paramLabel = "N", description = "failed nodes tolerated before the rollout halts")
    String maxFailures;

    @Option(names = "--health-timeout", paramLabel = "DURATION",
            description = "how long a node may take to report healthy (45s, 2m, PT2M)")
    String healthTimeout;

    @Option(names = "--progress-deadline", paramLabel = "DURATION",
            description = "the rollout aborts when nothing progressed for this long, counted from the request")
    String progressDeadline;

    @Option(names = "--apply-mode", paramLabel = "MODE", description = "auto, no-reboot, staged or try")
    String applyMode;

    @Option(names = "--rollback-on-failure", paramLabel = "true|false",
            description = "roll a node failing its health gate back to its last-known-good config")
    String rollbackOnFailure;

    @Option(names = "--try-timeout", paramLabel = "DURATION",
            description = "try mode: how long the node keeps the tried config before reverting")
    String tryTimeout;

    @Option(names = "--start-paused", description = "nothing is applied until a resume or promote")
    boolean startPaused;

    @Option(names = "--upgrade-timeout", paramLabel = "DURATION", description = "how long an OS upgrade may take")
    String upgradeTimeout;

    @Option(names = "--on-conflict", paramLabel = "POLICY",
            description = "when a running rollout has some of these nodes: supersede (default), queue or reject")
    String onConflict;

    @Option(names = "--strategy", paramLabel = "STRATEGY", description = "waves (the only strategy so far)")
    String strategy;

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
        ObjectNode policy;
        try {
            policy = policy();
        } catch (PolicyFieldException e) {
            System.err.println("error: --" + e.field().replace('_', '-') + ": "
                    + e.getMessage().substring(e.field().length() + 2));
            return 2;
        }
        ObjectNode body = Output.JSON.createObjectNode().put("reason", reason).put("requestedBy", requestedBy);
        if (!policy.isEmpty()) {
            body.set("policy", policy);
        }
        nodes.forEach(body.putArray("nodes")::add);
        if (repo != null) {
            body.put("repo", repo);
        }
        HttpRequest request = HttpRequest.newBuilder(ServiceUrl.parse(url, "--url").resolve("api/v1/rollouts"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", token.header())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = CliHttp.client().send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode reply = Output.JSON.readTree(response.body().isBlank() ? "{}" : response.body());
        if (output == Output.Format.json) {
            System.out.println(reply.toPrettyString());
        } else if (response.statusCode() == 202) {
            System.out.println("rollout " + reply.path("rolloutId").asText() + " requested by "
                    + reply.path("requestedBy").asText() + (reply.path("coalesced").asBoolean()
                    ? " (an identical request made it moments ago: same rollout)" : ""));
        } else {
            System.err.println("error: HTTP " + response.statusCode() + ": " + reply.path("error").asText(response.body()));
        }
        return response.statusCode() == 202 ? 0 : 1;
    }

    /** The policy flags given, checked here as config-service checks them, so a bad value fails before any request. */
    private ObjectNode policy() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("max_parallel", maxParallel);
        given.put("max_failures", maxFailures);
        given.put("health_timeout", healthTimeout);
        given.put("progress_deadline", progressDeadline);
        given.put("apply_mode", applyMode);
        given.put("rollback_on_failure", rollbackOnFailure);
        given.put("try_timeout", tryTimeout);
        given.put("start_paused", startPaused ? "true" : null);
        given.put("upgrade_timeout", upgradeTimeout);
        given.put("on_conflict", onConflict);
        given.put("strategy", strategy);
        ObjectNode policy = Output.JSON.createObjectNode();
        given.forEach((field, value) -> {
            if (value != null) {
                policy.put(field, value);
            }
        });
        RolloutPolicyFields.read(policy, RolloutRequested.newBuilder(), "", "", f -> 0);
        return policy;
    }
}
