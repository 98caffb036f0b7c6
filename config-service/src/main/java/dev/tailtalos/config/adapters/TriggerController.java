package dev.tailtalos.config.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.rollout.PolicyFieldException;
import dev.tailtalos.common.rollout.RolloutPolicyFields;
import dev.tailtalos.config.domain.RepoAllowlist;
import dev.tailtalos.config.domain.WebhookDeliveries;
import dev.tailtalos.config.domain.WebhookSignature;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP triggers: {@code POST /api/v1/rollouts} (bearer token; {@code repo} must be one the service serves, {@code
 * policy} holds rollout policy fields) and {@code POST /api/v1/webhooks/git} (GitHub and Gitea push events,
 * HMAC-SHA256 verified over the raw body, each delivery id accepted once; policy from the repo's tailtalos.yaml).
 * Both emit rollout.requested with who and why.
 */
@RestController
public class TriggerController {
    private static final Logger log = LoggerFactory.getLogger(TriggerController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RolloutTrigger trigger;
    private final TriggerSettings settings;
    private final RepoAllowlist repos;
    private final WebhookDeliveries deliveries;

    /**
     * @param apiToken      bearer token for the rollout API; blank disables the API (every call 401)
     * @param webhookSecret shared secret of the git webhook; blank disables the webhook
     * @param maxBodyBytes  largest request body accepted
     * @param branch        only pushes to refs/heads/{branch} trigger; blank means any branch
     */
    public record TriggerSettings(String apiToken, String webhookSecret, int maxBodyBytes, String branch) {
    }

    public TriggerController(RolloutTrigger trigger, TriggerSettings settings, RepoAllowlist repos,
                             WebhookDeliveries deliveries) {
        this.trigger = trigger;
        this.settings = settings;
        this.repos = repos;
        this.deliveries = deliveries;
    }

    @PostMapping(path = "/api/v1/rollouts")
    public ResponseEntity<String> requestRollout(HttpServletRequest request) throws IOException {
        if (!authorized(request.getHeader("Authorization"))) {
            return json(401, error("missing or wrong bearer token"));
        }
        Optional<byte[]> body = readBody(request);
        if (body.isEmpty()) {
            return json(413, error("request body larger than " + settings.maxBodyBytes() + " bytes"));
        }
        JsonNode json;
        try {
            json = JSON.readTree(body.get());
        } catch (IOException e) {
            return json(400, error("body is not JSON: {\"reason\": \"...\", \"nodes\": [...], \"repo\": \"...\"}"));
        }
        if (json == null || !json.isObject() || !json.path("reason").isTextual() || json.path("reason").asText().isBlank()) {
            return json(400, error("reason is required"));
        }
        List<String> nodes = new ArrayList<>();
        if (json.has("nodes") && !json.get("nodes").isArray()) {
            return json(400, error("nodes must be a list of hostnames"));
        }
        json.path("nodes").forEach(n -> nodes.add(n.asText()));
        String repo = "";
        if (json.has("repo")) {
            Optional<String> allowed = json.get("repo").isTextual() ? repos.allowed(json.get("repo").asText())
                    : Optional.empty();
            if (allowed.isEmpty()) {
                return json(403, error("repo " + json.get("repo") + " is not one of the repos this config-service "
                        + "serves (tailtalos.config.cluster-repo, tailtalos.config.allowed-repos)"));
            }
            repo = allowed.get();
        }
        RolloutRequested.Builder policy = RolloutRequested.newBuilder();
        try {
            RolloutPolicyFields.read(json.path("policy"), policy, "", "policy.", f -> 0);
        } catch (PolicyFieldException e) {
            return json(400, error(e.getMessage()));
        }
        String requestedBy = "api:" + (json.path("requestedBy").isTextual() ? json.get("requestedBy").asText() : "anonymous");
        RolloutTrigger.Outcome outcome = trigger.request(new RolloutTrigger.Request(requestedBy,
                json.get("reason").asText(), nodes, repo, policy.build(), false, ""));
        if (outcome.rolloutId().isEmpty()) {
            return json(409, error("no cluster repo: give \"repo\" or set tailtalos.config.cluster-repo"));
        }
        ObjectNode out = JSON.createObjectNode().put("rolloutId", outcome.rolloutId().get())
                .put("requestedBy", requestedBy).put("coalesced", outcome.coalesced());
        return json(202, out);
    }

    @PostMapping(path = "/api/v1/webhooks/git")
    public ResponseEntity<String> gitWebhook(HttpServletRequest request) throws IOException {
        if (settings.webhookSecret() == null || settings.webhookSecret().isBlank()) {
            return json(404, error("git webhook disabled: set tailtalos.config.webhook-secret"));
        }
        Optional<byte[]> body = readBody(request);
        if (body.isEmpty()) {
            return json(413, error("payload larger than " + settings.maxBodyBytes() + " bytes"));
        }
        String github = request.getHeader("X-Hub-Signature-256");
        String gitea = request.getHeader("X-Gitea-Signature");
        String source = github != null ? "github" : gitea != null ? "gitea" : "unknown";
        if (!new WebhookSignature(settings.webhookSecret()).verifies(body.get(), github != null ? github : gitea)) {
            log.warn("git webhook from {} rejected: bad signature", request.getRemoteAddr());
            return json(401, error("signature does not verify"));
        }
        String delivery = Optional.ofNullable(request.getHeader("X-GitHub-Delivery"))
                .orElse(request.getHeader("X-Gitea-Delivery"));
        if (delivery == null || delivery.isBlank()) {
            return json(400, error("no X-GitHub-Delivery or X-Gitea-Delivery header: replays could not be refused"));
        }
        if (!deliveries.firstTime(source + ":" + delivery)) {
            log.warn("git webhook delivery {} from {} refused: already received", delivery, request.getRemoteAddr());
            return json(409, JSON.createObjectNode().put("error", "delivery " + delivery + " was already received "
                    + "(replays within " + deliveries.window().toHours() + " h are refused)").put("duplicate", true));
        }
        String event = Optional.ofNullable(request.getHeader("X-GitHub-Event")).orElse(request.getHeader("X-Gitea-Event"));
        if (!"push".equals(event)) {
            return json(200, JSON.createObjectNode().put("ignored", "event " + event));
        }
        JsonNode push;
        try {
            push = JSON.readTree(body.get());
        } catch (IOException e) {
            return json(400, error("push payload is not JSON"));
        }
        String ref = push.path("ref").asText("");
        if (settings.branch() != null && !settings.branch().isBlank() && !ref.equals("refs/heads/" + settings.branch())) {
            return json(200, JSON.createObjectNode().put("ignored", "push to " + ref));
        }
        String pusher = push.path("pusher").path("name").asText(push.path("sender").path("login").asText("unknown"));
        String after = push.path("after").asText("");
        String reason = "git push to " + push.path("repository").path("full_name").asText("?") + " " + ref
                + (after.length() >= 7 ? " at " + after.substring(0, 7) : "") + " by " + pusher;
        RolloutTrigger.Outcome outcome = trigger.request(new RolloutTrigger.Request("webhook:" + source + ":" + pusher,
                reason, List.of(), "", RolloutRequested.getDefaultInstance(), true, source + ":" + delivery));
        if (outcome.rolloutId().isEmpty()) {
            return outcome.refusal().equals("no cluster repo")
                    ? json(409, error("no cluster repo configured (tailtalos.config.cluster-repo)"))
                    : json(422, error(outcome.refusal()));
        }
        return json(202, JSON.createObjectNode().put("rolloutId", outcome.rolloutId().get()).put("reason", reason)
                .put("coalesced", outcome.coalesced()));
    }

    private boolean authorized(String header) {
        String token = settings.apiToken();
        if (token == null || token.isBlank() || header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8));
    }

    /** The body, or empty when it exceeds the limit (checked before and while reading). */
    private Optional<byte[]> readBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > settings.maxBodyBytes()) {
            return Optional.empty();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(settings.maxBodyBytes() + 1);
            return body.length > settings.maxBodyBytes() ? Optional.empty() : Optional.of(body);
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static ResponseEntity<String> json(int status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body.toString());
    }
}
