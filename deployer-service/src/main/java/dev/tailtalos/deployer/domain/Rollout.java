package dev.tailtalos.deployer.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rollout's state machine. Waves: control-plane nodes one at a time, then workers in waves of maxParallel; a wave
 * starts once every node's config is sealed and the previous wave is healthy. Any failed node halts the rollout.
 * Pure: callers feed it events and the current time and carry out the nodes it returns to apply.
 */
public final class Rollout {
    private final String rolloutId;
    private final Duration healthTimeout;
    private int maxParallel = 1;
    private int expectedNodes = -1;
    private final Map<String, NodeProgress> nodes = new LinkedHashMap<>();
    private List<List<String>> waves;
    private int currentWave;
    private RolloutState state = RolloutState.RUNNING;
    private String reason = "";

    public Rollout(String rolloutId, Duration healthTimeout) {
        this.rolloutId = rolloutId;
        this.healthTimeout = healthTimeout;
    }

    public void requested(int maxParallel) {
        if (maxParallel > 0) {
            this.maxParallel = maxParallel;
        }
    }

    public List<String> sealed(String nodeId, boolean controlPlane, int index, int nodeCount, String digest, Instant now) {
        if (state != RolloutState.RUNNING || waves != null && nodes.containsKey(nodeId)) {
            return List.of();
        }
        expectedNodes = nodeCount;
        nodes.put(nodeId, new NodeProgress(nodeId, controlPlane, index, NodeState.SEALED, digest,
                "config sealed", now));
        if (nodes.size() < expectedNodes) {
            return List.of();
        }
        waves = plan(nodes.values(), maxParallel);
        currentWave = 0;
        return startWave(now);
    }

    public void applying(String nodeId, Instant now) {
        update(nodeId, NodeState.APPLYING, "applying config", now);
    }

    public void applied(String nodeId, String detail, Instant now) {
        update(nodeId, NodeState.APPLIED, "waiting for health (" + detail + ")", now);
    }

    public List<String> healthy(String nodeId, Instant now) {
        NodeProgress p = nodes.get(nodeId);
        if (p == null || p.state() != NodeState.APPLIED || state != RolloutState.RUNNING) {
            return List.of();
        }
        update(nodeId, NodeState.HEALTHY, "healthy", now);
        return advance(now);
    }

    public void failed(String nodeId, String why, Instant now) {
        NodeProgress p = nodes.get(nodeId);
        if (p == null) {
            nodes.put(nodeId, new NodeProgress(nodeId, false, nodes.size(), NodeState.FAILED, "", why, now));
        } else if (p.state().settled()) {
            return;
        } else {
            nodes.put(nodeId, p.to(NodeState.FAILED, why, now));
        }
        if (state == RolloutState.RUNNING) {
            state = RolloutState.FAILED;
            reason = nodeId + ": " + why;
        }
    }

    /** Fails nodes that waited for health longer than the health timeout. */
    public void tick(Instant now) {
        for (NodeProgress p : List.copyOf(nodes.values())) {
            if (p.state() == NodeState.APPLIED && Duration.between(p.since(), now).compareTo(healthTimeout) > 0) {
                failed(p.nodeId(), "not healthy within " + healthTimeout.toSeconds() + " s", now);
            }
        }
    }

    private List<String> advance(Instant now) {
        if (!waves.get(currentWave).stream().allMatch(n -> nodes.get(n).state() == NodeState.HEALTHY)) {
            return List.of();
        }
        currentWave++;
        if (currentWave >= waves.size()) {
            state = RolloutState.COMPLETED;
            reason = "all " + nodes.size() + " nodes healthy";
            return List.of();
        }
        return startWave(now);
    }

    private List<String> startWave(Instant now) {
        List<String> wave = waves.get(currentWave);
        wave.forEach(n -> update(n, NodeState.APPLYING, "applying config (wave " + (currentWave + 1) + " of "
                + waves.size() + ")", now));
        return wave;
    }

    static List<List<String>> plan(Collection<NodeProgress> all, int maxParallel) {
        List<NodeProgress> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.comparing((NodeProgress p) -> !p.controlPlane()).thenComparingInt(NodeProgress::index));
        List<List<String>> waves = new ArrayList<>();
        List<String> workers = new ArrayList<>();
        for (NodeProgress p : ordered) {
            if (p.controlPlane()) {
                waves.add(List.of(p.nodeId()));
            } else {
                workers.add(p.nodeId());
            }
        }
        for (int i = 0; i < workers.size(); i += maxParallel) {
            waves.add(List.copyOf(workers.subList(i, Math.min(workers.size(), i + maxParallel))));
        }
        return waves;
    }

    private void update(String nodeId, NodeState next, String why, Instant now) {
        NodeProgress p = nodes.get(nodeId);
        if (p != null && !p.state().settled()) {
            nodes.put(nodeId, p.to(next, why, now));
        }
    }

    public String rolloutId() {
        return rolloutId;
    }

    public RolloutState state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    public List<NodeProgress> nodes() {
        return List.copyOf(nodes.values());
    }

    public int expectedNodes() {
        return expectedNodes;
    }

    public long healthyNodes() {
        return nodes.values().stream().filter(p -> p.state() == NodeState.HEALTHY).count();
    }

    public NodeProgress node(String nodeId) {
        return nodes.get(nodeId);
    }
}
