package dev.tailtalos.monitor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rollouts and each node's progress through them over time, from rollout.requested, config.*, node.* and
 * rollout.status events. A node's timeline only grows when its state changes.
 */
public final class RolloutBoard {
    public static final List<String> FINAL_STATES = List.of("COMPLETED", "FAILED", "HALTED", "ABORTED", "SUPERSEDED");

    public record Step(Instant at, String state, String detail) {
    }

    public record NodeProgress(String nodeId, String state, List<Step> steps) {
    }

    public record RolloutView(String rolloutId, String state, String requestedBy, String reason, Instant startedAt,
                              Instant updatedAt, int nodesTotal, int nodesHealthy, String statusReason,
                              List<NodeProgress> nodes) {
        public boolean finished() {
            return FINAL_STATES.contains(state);
        }
    }

    private static final class Rollout {
        final String id;
        String state = "REQUESTED";
        String requestedBy = "";
        String reason = "";
        String statusReason = "";
        Instant startedAt;
        Instant updatedAt;
        int nodesTotal;
        int nodesHealthy;
        final Map<String, List<Step>> nodes = new LinkedHashMap<>();

        Rollout(String id, Instant at) {
            this.id = id;
            this.startedAt = at;
            this.updatedAt = at;
        }
    }

    private final Map<String, Rollout> rollouts = new LinkedHashMap<>();

    public synchronized void requested(String rolloutId, String requestedBy, String reason, List<String> nodeIds,
                                       Instant at) {
        Rollout r = rollout(rolloutId, at);
        r.requestedBy = requestedBy;
        r.reason = reason;
        if (r.startedAt.isAfter(at)) {
            r.startedAt = at;
        }
        nodeIds.forEach(n -> r.nodes.computeIfAbsent(n, k -> new ArrayList<>()));
    }

    /** A node reached a state (RENDERED, SEALED, APPLIED, HEALTHY, UNHEALTHY, FAILED…) at a time. */
    public synchronized void nodeStep(String rolloutId, String nodeId, String state, String detail, Instant at) {
        if (rolloutId.isEmpty() || nodeId.isEmpty()) {
            return;
        }
        Rollout r = rollout(rolloutId, at);
        List<Step> steps = r.nodes.computeIfAbsent(nodeId, k -> new ArrayList<>());
        if (steps.isEmpty() || !steps.get(steps.size() - 1).state().equals(state)) {
            steps.add(new Step(at, state, detail == null ? "" : detail));
            steps.sort(Comparator.comparing(Step::at));
        }
        touch(r, at);
    }

    /** The deployer's view of the rollout; node states it reports join the timelines. */
    public synchronized void status(String rolloutId, String state, int nodesTotal, int nodesHealthy, String reason,
                                    Map<String, String[]> nodeStates, Instant at) {
        Rollout r = rollout(rolloutId, at);
        r.state = state;
        r.nodesTotal = nodesTotal;
        r.nodesHealthy = nodesHealthy;
        r.statusReason = reason == null ? "" : reason;
        touch(r, at);
        nodeStates.forEach((node, stateAndReason) -> nodeStep(rolloutId, node, stateAndReason[0], stateAndReason[1], at));
    }

    public synchronized List<RolloutView> rollouts() {
        List<RolloutView> views = new ArrayList<>(rollouts.values().stream().map(RolloutBoard::view).toList());
        views.sort(Comparator.comparing(RolloutView::startedAt).reversed());
        return views;
    }

    public synchronized Optional<RolloutView> rollout(String rolloutId) {
        return Optional.ofNullable(rollouts.get(rolloutId)).map(RolloutBoard::view);
    }

    public synchronized long running() {
        return rollouts.values().stream().filter(r -> !FINAL_STATES.contains(r.state)).count();
    }

    private Rollout rollout(String id, Instant at) {
        return rollouts.computeIfAbsent(id, k -> new Rollout(id, at));
    }

    private static void touch(Rollout r, Instant at) {
        if (at.isAfter(r.updatedAt)) {
            r.updatedAt = at;
        }
        if (at.isBefore(r.startedAt)) {
            r.startedAt = at;
        }
    }

    private static RolloutView view(Rollout r) {
        List<NodeProgress> nodes = r.nodes.entrySet().stream().map(e -> new NodeProgress(e.getKey(),
                e.getValue().isEmpty() ? "PENDING" : e.getValue().get(e.getValue().size() - 1).state(),
                List.copyOf(e.getValue()))).toList();
        return new RolloutView(r.id, r.state, r.requestedBy, r.reason, r.startedAt, r.updatedAt,
                Math.max(r.nodesTotal, nodes.size()), r.nodesHealthy, r.statusReason, nodes);
    }
}
