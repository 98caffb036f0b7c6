package dev.tailtalos.config.adapters;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.rollout.PolicyFieldException;
import dev.tailtalos.config.domain.RequestCoalescer;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Emits rollout.requested with who and why, for every trigger (HTTP API, CLI, file watcher, git webhook, tailnet
 * observations). The repo is the configured one, else the last one a rollout was requested for. Automatic triggers
 * take their policy from the repo's {@code tailtalos.yaml}; identical requests within the debounce window coalesce.
 */
public class RolloutTrigger {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RolloutTrigger.class);

    /**
     * @param policy    policy fields set by the caller (API, CLI); ignored when {@code repoPolicy}
     * @param repoPolicy read the policy from the repo's tailtalos.yaml (webhook, watcher, observations)
     * @param triggerId the trigger's own id (a webhook delivery), or ""
     */
    public record Request(String requestedBy, String reason, List<String> nodes, String repo,
                          RolloutRequested policy, boolean repoPolicy, String triggerId) {
    }

    /** The outcome: a rollout id (possibly an earlier identical request's), or why there is none. */
    public record Outcome(Optional<String> rolloutId, boolean coalesced, String refusal) {
        static Outcome refused(String why) {
            return new Outcome(Optional.empty(), false, why);
        }
    }

    private final EventPublisher publisher;
    private final AuditWriter audit;
    private final AtomicReference<String> repo = new AtomicReference<>("");
    private final RepoRolloutPolicy repoPolicy;
    private final RequestCoalescer coalescer;

    public RolloutTrigger(EventPublisher publisher, AuditWriter audit, String configuredRepo,
                          RepoRolloutPolicy repoPolicy, RequestCoalescer coalescer) {
        this.publisher = publisher;
        this.audit = audit;
        this.repo.set(configuredRepo == null ? "" : configuredRepo);
        this.repoPolicy = repoPolicy;
        this.coalescer = coalescer;
    }

    /** Remembers the repo of a rollout requested elsewhere, when none is configured. */
    public void seen(String clusterRepo) {
        if (clusterRepo != null && !clusterRepo.isBlank()) {
            repo.compareAndSet("", clusterRepo);
        }
    }

    public String repo() {
        return repo.get();
    }

    /**
     * A follow-up of a node's tailnet observation: unless the repo file sets {@code on_conflict}, it queues behind the
     * running rollout of the node (which usually caused the observation) instead of superseding it.
     *
     * @return the rollout id, or empty when no repo is known yet or the repo's policy is refused
     */
    public Optional<String> request(String requestedBy, String reason, List<String> nodes) {
        return request(new Request(requestedBy, reason, nodes, "", RolloutRequested.newBuilder()
                .setOnConflict("queue").build(), true, "")).rolloutId();
    }

    public Optional<String> request(String requestedBy, String reason, List<String> nodes, String clusterRepo) {
        return request(new Request(requestedBy, reason, nodes, clusterRepo, RolloutRequested.getDefaultInstance(), true,
                "")).rolloutId();
    }

    public synchronized Outcome request(Request r) {
        String target = r.repo() == null || r.repo().isBlank() ? repo.get() : r.repo();
        if (target.isBlank()) {
            audit.write(AuditEntry.of(r.requestedBy(), "rollout.trigger", "", String.join(",", r.nodes()), "NO_REPO",
                    "", Map.of("reason", r.reason())));
            return Outcome.refused("no cluster repo");
        }
        RolloutRequested.Builder request = r.policy().toBuilder();
        if (r.repoPolicy()) {
            // the repo file decides; the caller's fields only fill what it leaves unset
            request = RolloutRequested.newBuilder();
            try {
                repoPolicy.read(Path.of(target), request);
                if (request.getOnConflict().isEmpty()) {
                    request.setOnConflict(r.policy().getOnConflict());
                }
            } catch (PolicyFieldException e) {
                log.warn("rollout for '{}' by {} refused: {}", r.reason(), r.requestedBy(), e.getMessage());
                audit.write(AuditEntry.of(r.requestedBy(), "rollout.trigger", "", String.join(",", r.nodes()),
                        "POLICY_REFUSED", "", Map.of("reason", r.reason(), "repo", target, "error", e.getMessage())));
                return Outcome.refused(e.getMessage());
            }
        }
        request.setClusterRepo(target).setRequestedBy(r.requestedBy()).setReason(r.reason())
                .clearNodeIds().addAllNodeIds(r.nodes()).setTriggerId(r.triggerId());
        String key = java.util.Base64.getEncoder().encodeToString(request.clone().clearRequestedBy().clearTriggerId()
                .build().toByteArray());
        Optional<String> earlier = coalescer.earlier(key);
        if (earlier.isPresent()) {
            audit.write(AuditEntry.of(r.requestedBy(), "rollout.trigger", earlier.get(), String.join(",", r.nodes()),
                    "COALESCED", "", Map.of("reason", r.reason(), "repo", target)));
            return new Outcome(earlier, true, "");
        }
        String rolloutId = UUID.randomUUID().toString();
        request.setRolloutId(rolloutId);
        EventEnvelope out = publisher.publish(Topics.ROLLOUT_REQUESTED, rolloutId, request.build(), rolloutId, null);
        coalescer.made(key, rolloutId);
        audit.write(AuditEntry.of(r.requestedBy(), "rollout.trigger", rolloutId, String.join(",", r.nodes()),
                "REQUESTED", out.getEventId(), Map.of("reason", r.reason(), "repo", target)));
        return new Outcome(Optional.of(rolloutId), false, "");
    }
}
