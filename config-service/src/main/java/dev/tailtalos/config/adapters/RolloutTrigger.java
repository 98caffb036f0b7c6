package dev.tailtalos.config.adapters;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Emits rollout.requested with who and why, for every trigger (HTTP API, CLI, file watcher, git webhook, tailnet
 * observations). The repo is the configured one, else the last one a rollout was requested for.
 */
public class RolloutTrigger {

    private final EventPublisher publisher;
    private final AuditWriter audit;
    private final AtomicReference<String> repo = new AtomicReference<>("");

    public RolloutTrigger(EventPublisher publisher, AuditWriter audit, String configuredRepo) {
        this.publisher = publisher;
        this.audit = audit;
        this.repo.set(configuredRepo == null ? "" : configuredRepo);
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

    /** @return the rollout id, or empty when no repo is known yet */
    public java.util.Optional<String> request(String requestedBy, String reason, List<String> nodes) {
        return request(requestedBy, reason, nodes, repo.get());
    }

    public java.util.Optional<String> request(String requestedBy, String reason, List<String> nodes, String clusterRepo) {
        String target = clusterRepo == null || clusterRepo.isBlank() ? repo.get() : clusterRepo;
        if (target.isBlank()) {
            audit.write(AuditEntry.of(requestedBy, "rollout.trigger", "", String.join(",", nodes), "NO_REPO", "",
                    Map.of("reason", reason)));
            return java.util.Optional.empty();
        }
        String rolloutId = UUID.randomUUID().toString();
        RolloutRequested request = RolloutRequested.newBuilder().setRolloutId(rolloutId).setClusterRepo(target)
                .setRequestedBy(requestedBy).setReason(reason).addAllNodeIds(nodes).build();
        EventEnvelope out = publisher.publish(Topics.ROLLOUT_REQUESTED, rolloutId, request, rolloutId, null);
        audit.write(AuditEntry.of(requestedBy, "rollout.trigger", rolloutId, String.join(",", nodes), "REQUESTED",
                out.getEventId(), Map.of("reason", reason, "repo", target)));
        return java.util.Optional.of(rolloutId);
    }
}
