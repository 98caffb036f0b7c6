package dev.tailtalos.deployer.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One rollout's state machine. Plan: control-plane nodes one at a time, then workers in waves of maxParallel; the plan
 * starts once the request and every node's sealed config are known, and a wave starts once the previous one settled.
 * Per node: apply, then wait for a healthy node.health within the health timeout; in try mode a healthy node is
 * confirmed; a failed health gate rolls the node back to its last-known-good config when the policy says so. More
 * failed nodes than maxFailures halt the rollout; no progress within the progress deadline aborts it (paused time does
 * not count). Pause, resume, abort and promote come from operators.
 * <p>
 * Pure and single-threaded: callers feed it events with their time and carry out the {@link NodeAction}s it returns.
 * Every handler tolerates repeats and late arrivals, so replaying the topics rebuilds the same state.
 */
public final class Rollout {
    private final String rolloutId;
    private final Predicate<String> hasLastKnownGood;
    private final NodeLeases leases;
    private boolean admitted;
    private String supersededBy = "";
    private List<String> queuedBehind = List.of();
    private RolloutPolicy policy;
    private boolean requested;
    private int expectedNodes = -1;
    private final Map<String, Track> nodes = new LinkedHashMap<>();
    private List<List<String>> waves;
    private int currentWave = -1;
    private RolloutState state = RolloutState.RUNNING;
    private String reason = "waiting for the rollout request and sealed configs";
    private boolean paused;
    private Instant startedAt;
    private Instant updatedAt;
    private Instant lastProgress;
    private Instant pausedAt;
    private Duration pausedTotal = Duration.ZERO;

    private static final class Track {
        final String nodeId;
        boolean controlPlane;
        int index;
        int wave = -1;
        NodeState state;
        String digest = "";
        String reason;
        String waitReason = "";
        Instant since;
        Instant startedAt;
        Instant finishedAt;
        long callMillis;
        String endpoint = "";

        Track(String nodeId, NodeState state, String reason, Instant now) {
            this.nodeId = nodeId;
            this.state = state;
            this.reason = reason;
            this.since = now;
        }
    }

    public Rollout(String rolloutId, RolloutPolicy defaults, Predicate<String> hasLastKnownGood) {
        this(rolloutId, defaults, hasLastKnownGood, new NodeLeases());
        admitted = true;
    }

    /** A rollout that shares node leases with others; it plans only once {@link #admit admitted}. */
    public Rollout(String rolloutId, RolloutPolicy defaults, Predicate<String> hasLastKnownGood, NodeLeases leases) {
        this.rolloutId = rolloutId;
        this.policy = defaults;
        this.hasLastKnownGood = hasLastKnownGood;
        this.leases = leases;
    }

    // ---- events -------------------------------------------------------------------------------------------------

    public List<NodeAction> requested(RolloutPolicy policy, Instant now) {
        if (requested) {
            return List.of();
        }
        requested = true;
        this.policy = policy;
        this.paused = policy.startPaused();
        if (paused) {
            pausedAt = now;
        }
        touch(now);
        startedAt = startedAt == null ? now : startedAt;
        lastProgress = lastProgress == null ? now : lastProgress;
        return planIfReady(now);
    }

    public List<NodeAction> sealed(String nodeId, boolean controlPlane, int index, int nodeCount, String digest,
                                   Instant now) {
        Track t = nodes.get(nodeId);
        if (t != null && t.state != NodeState.WAITING_CONFIG || state.terminal()) {
            return List.of();
        }
        if (t == null) {
            t = new Track(nodeId, NodeState.SEALED, "config sealed", now);
            nodes.put(nodeId, t);
        }
        t.state = NodeState.SEALED;
        t.reason = "config sealed";
        t.controlPlane = controlPlane;
        t.index = index;
        t.digest = digest;
        expectedNodes = nodeCount;
        startedAt = startedAt == null ? now : startedAt;
        lastProgress = now;
        touch(now);
        return planIfReady(now);
    }

    /** A worker finished a step: the config is on the node (or was already). */
    public List<NodeAction> applied(String nodeId, StepPurpose purpose, String detail, String endpoint,
                                    long callMillis, Instant now) {
        Track t = nodes.get(nodeId);
        if (t == null || t.state.settled()) {
            return List.of();
        }
        t.callMillis += callMillis;
        t.endpoint = endpoint;
        switch (purpose) {
            case APPLY -> {
                if (t.state != NodeState.APPLYING && t.state != NodeState.UPGRADING && t.state != NodeState.SEALED) {
                    return List.of();
                }
                move(t, NodeState.APPLIED, "applied (" + detail + ")", now);
                t.waitReason = "waiting for health";
            }
            case CONFIRM -> settle(t, NodeState.HEALTHY, "healthy, tried config confirmed", now);
            case ROLLBACK -> settle(t, NodeState.ROLLED_BACK, t.reason + "; rolled back to last-known-good config", now);
        }
        return afterSettle(now);
    }

    /**
     * A worker upgrades the node's OS before applying: the first report starts the upgrade's clock, later ones only
     * say what it waits for (e.g. "rebooting").
     */
    public void upgrading(String nodeId, String image, String phase, Instant now) {
        Track t = nodes.get(nodeId);
        if (t == null || state.terminal() || t.state != NodeState.APPLYING && t.state != NodeState.UPGRADING) {
            return;
        }
        if (t.state == NodeState.APPLYING) {
            move(t, NodeState.UPGRADING, "upgrading to " + image, now);
            lastProgress = now;
        }
        t.waitReason = phase;
    }

    public List<NodeAction> stepFailed(String nodeId, StepPurpose purpose, String why, Instant now) {
        Track t = nodes.get(nodeId);
        if (t == null) {
            t = new Track(nodeId, NodeState.WAITING_CONFIG, why, now);
            nodes.put(nodeId, t);
        }
        if (t.state.settled()) {
            return List.of();
        }
        String prefix = switch (purpose) {
            case APPLY -> "";
            case CONFIRM -> "confirming the tried config failed, the node reverts on its own: ";
            case ROLLBACK -> t.reason + "; rollback failed: ";
        };
        settle(t, NodeState.FAILED, prefix + why, now);
        return afterSettle(now);
    }

    /** A node.health report for this rollout's config. Unhealthy reports only explain the wait: the gate is the timeout. */
    public List<NodeAction> health(String nodeId, boolean healthy, String detail, Instant now) {
        Track t = nodes.get(nodeId);
        if (t == null || t.state != NodeState.APPLIED) {
            return List.of();
        }
        if (!healthy) {
            t.waitReason = "waiting for health (" + detail + ")";
            return List.of();
        }
        touch(now);
        if (policy.applyMode() == ApplyMode.TRY) {
            move(t, NodeState.CONFIRMING, "healthy; confirming the tried config", now);
            return List.of(new NodeAction(nodeId, StepPurpose.CONFIRM));
        }
        settle(t, NodeState.HEALTHY, "healthy", now);
        return afterSettle(now);
    }

    /** Health timeouts and the progress deadline. */
    public List<NodeAction> tick(Instant now) {
        if (state.terminal()) {
            return List.of();
        }
        List<NodeAction> actions = new ArrayList<>();
        for (Track t : List.copyOf(nodes.values())) {
            if (t.state == NodeState.APPLIED && !paused
                    && Duration.between(t.since, now).compareTo(policy.healthTimeout()) > 0) {
                actions.addAll(healthGateFailed(t, "not healthy within " + policy.healthTimeout().toSeconds() + " s"
                        + (t.waitReason.startsWith("waiting for health (") ? " (" + t.waitReason.substring(20) : ""),
                        now));
            }
        }
        if (!state.terminal() && !paused && lastProgress != null
                && Duration.between(lastProgress, now).compareTo(policy.progressDeadline()) > 0) {
            conclude(RolloutState.ABORTED, "progress deadline exceeded: " + (waves != null
                    ? "no node progressed for " + policy.progressDeadline().toSeconds() + " s"
                    : "still " + inputsWait() + " after " + policy.progressDeadline().toSeconds() + " s"), now);
            return List.of();
        }
        return actions;
    }

    // ---- operator commands ----------------------------------------------------------------------------------------

    public List<NodeAction> pause(String by, Instant now) {
        if (state.terminal() || paused) {
            return List.of();
        }
        paused = true;
        pausedAt = now;
        reason = "paused by " + by;
        return List.of();
    }

    public List<NodeAction> resume(String by, Instant now) {
        if (state.terminal() || !paused) {
            return List.of();
        }
        paused = false;
        Duration p = Duration.between(pausedAt, now);
        pausedTotal = pausedTotal.plus(p);
        // Paused time counts neither against the progress deadline nor against a waiting node's health timeout.
        if (lastProgress != null) {
            lastProgress = lastProgress.plus(p);
        }
        nodes.values().stream().filter(t -> t.state == NodeState.APPLIED).forEach(t -> t.since = t.since.plus(p));
        reason = "resumed by " + by;
        return continueWaves(now);
    }

    public List<NodeAction> abort(String by, String why, Instant now) {
        if (!state.terminal()) {
            conclude(RolloutState.ABORTED, "aborted by " + by + (why.isBlank() ? "" : ": " + why), now);
        }
        return List.of();
    }

    /** Resume, and count nodes waiting for health in the current wave as healthy. */
    public List<NodeAction> promote(String by, Instant now) {
        if (state.terminal()) {
            return List.of();
        }
        List<NodeAction> actions = new ArrayList<>(resume(by, now));
        for (Track t : nodes.values()) {
            if (t.state == NodeState.APPLIED) {
                settle(t, NodeState.HEALTHY, "promoted by " + by + " while waiting for health", now);
            }
        }
        actions.addAll(afterSettle(now));
        return actions;
    }

    /** A terminal rollout.status this deployer published earlier (replay): the rollout ended then. */
    public void concluded(RolloutState finalState, String why, Instant at) {
        if (!state.terminal() && finalState.terminal()) {
            conclude(finalState, why, at);
        }
    }

    /** After a replay: steps that were in flight when the previous instance stopped, to run again (idempotently). */
    public List<NodeAction> inFlight() {
        if (state.terminal()) {
            return List.of();
        }
        List<NodeAction> actions = new ArrayList<>();
        for (Track t : nodes.values()) {
            switch (t.state) {
                case APPLYING, UPGRADING -> actions.add(new NodeAction(t.nodeId, StepPurpose.APPLY));
                case CONFIRMING -> actions.add(new NodeAction(t.nodeId, StepPurpose.CONFIRM));
                case ROLLING_BACK -> actions.add(new NodeAction(t.nodeId, StepPurpose.ROLLBACK));
                default -> {
                }
            }
        }
        return actions;
    }

    // ---- planning ------------------------------------------------------------------------------------------------

    // ---- conflicts with other rollouts (decided by RolloutAdmission) ---------------------------------------------

    /** Every input is in (request and sealed configs) and the rollout waits to be admitted against older rollouts. */
    public boolean awaitingAdmission() {
        return !admitted && !state.terminal() && inputsReady();
    }

    public List<NodeAction> admit(Instant now) {
        admitted = true;
        queuedBehind = List.of();
        return planIfReady(now);
    }

    public void queueBehind(List<String> rolloutIds, Instant now) {
        if (!rolloutIds.equals(queuedBehind)) {
            queuedBehind = List.copyOf(rolloutIds);
            reason = "queued behind rollout " + String.join(", ", rolloutIds) + " (on_conflict: queue)";
            touch(now);
        }
    }

    public void rejectConflict(List<String> rolloutIds, Instant now) {
        conclude(RolloutState.FAILED, "rejected: rollout " + String.join(", ", rolloutIds)
                + " still changes some of its nodes (on_conflict: reject)", now);
    }

    /** A newer rollout of some of the same nodes takes over: start no new node; running steps finish. */
    public void supersede(String newerRolloutId, Instant now) {
        if (!state.terminal()) {
            supersededBy = newerRolloutId;
            conclude(RolloutState.SUPERSEDED, "superseded by rollout " + newerRolloutId
                    + ", which takes the remaining nodes", now);
        }
    }

    /** Nodes whose lease is free again may start now (call after other rollouts changed). */
    public List<NodeAction> retryLeases(Instant now) {
        if (state.terminal() || paused || waves == null || currentWave < 0) {
            return List.of();
        }
        List<NodeAction> actions = new ArrayList<>();
        for (String n : waves.get(currentWave)) {
            Track t = nodes.get(n);
            if (t.state == NodeState.SEALED && leases.acquire(n, rolloutId)) {
                start(t, now);
                actions.add(new NodeAction(n, StepPurpose.APPLY));
            }
        }
        return actions;
    }

    /** A step this rollout dispatched was not started because the rollout ended first. */
    public void notStarted(String nodeId, Instant now) {
        Track t = nodes.get(nodeId);
        if (t != null && state.terminal() && t.state.inFlight()) {
            move(t, NodeState.SEALED, "not started: rollout " + state.name().toLowerCase(java.util.Locale.ROOT), now);
        }
    }

    /** After a restart: an ended rollout's steps did not survive the old process, so its leases are free. */
    public void abandonSteps() {
        if (state.terminal()) {
            nodes.keySet().forEach(n -> leases.release(n, rolloutId));
        }
    }

    public java.util.Set<String> nodeIds() {
        return java.util.Collections.unmodifiableSet(nodes.keySet());
    }

    private boolean inputsReady() {
        return waves == null && requested && expectedNodes >= 0 && nodes.values().stream()
                .filter(t -> t.state != NodeState.WAITING_CONFIG).count() >= expectedNodes;
    }

    private String inputsWait() {
        if (!requested) {
            return "waiting for the rollout request";
        }
        if (!inputsReady()) {
            return "waiting for sealed configs (" + nodes.values().stream()
                    .filter(n -> n.state != NodeState.WAITING_CONFIG).count() + " of "
                    + (expectedNodes < 0 ? "?" : expectedNodes) + ")";
        }
        return queuedBehind.isEmpty() ? "waiting to be admitted" : reason;
    }

    private List<NodeAction> planIfReady(Instant now) {
        if (!inputsReady() || !admitted) {
            return List.of();
        }
        waves = plan(List.copyOf(nodes.values()), policy.maxParallel());
        for (int w = 0; w < waves.size(); w++) {
            for (String n : waves.get(w)) {
                nodes.get(n).wave = w;
            }
        }
        lastProgress = now;
        reason = "planned " + waves.size() + " waves";
        return continueWaves(now);
    }

    private List<NodeAction> afterSettle(Instant now) {
        if (state.terminal()) {
            return List.of();
        }
        long failures = nodes.values().stream().filter(t -> t.state.failure()).count();
        if (failures > policy.maxFailures()) {
            conclude(RolloutState.FAILED, "halted: " + failures + " node(s) failed (max failures "
                    + policy.maxFailures() + "): " + firstFailure(), now);
            return List.of();
        }
        return continueWaves(now);
    }

    private List<NodeAction> continueWaves(Instant now) {
        while (waves != null && !state.terminal() && !paused) {
            if (currentWave >= 0 && !waves.get(currentWave).stream().allMatch(n -> nodes.get(n).state.settled())) {
                return List.of();
            }
            if (currentWave + 1 >= waves.size()) {
                long failed = failedNodes();
                conclude(RolloutState.COMPLETED, failed == 0 ? "all " + nodes.size() + " nodes healthy"
                        : (nodes.size() - failed) + " of " + nodes.size() + " nodes healthy, " + failed
                        + " failed within max failures " + policy.maxFailures(), now);
                return List.of();
            }
            currentWave++;
            List<NodeAction> actions = new ArrayList<>();
            boolean blocked = false;
            for (String n : waves.get(currentWave)) {
                Track t = nodes.get(n);
                if (t.state.settled()) {
                    continue;
                }
                if (!leases.acquire(n, rolloutId)) {
                    blocked = true;
                    continue;
                }
                start(t, now);
                actions.add(new NodeAction(n, StepPurpose.APPLY));
            }
            reason = "wave " + (currentWave + 1) + " of " + waves.size();
            if (!actions.isEmpty() || blocked) {
                return actions;
            }
        }
        return List.of();
    }

    private void start(Track t, Instant now) {
        t.startedAt = now;
        move(t, NodeState.APPLYING, "applying config (wave " + (currentWave + 1) + " of " + waves.size() + ")", now);
    }

    private List<NodeAction> healthGateFailed(Track t, String why, Instant now) {
        if (policy.applyMode() == ApplyMode.TRY) {
            settle(t, NodeState.ROLLED_BACK, why + "; not confirmed, the node reverts the tried config after "
                    + policy.tryTimeout().toSeconds() + " s", now);
            return afterSettle(now);
        }
        if (policy.rollbackOnFailure() && hasLastKnownGood.test(t.nodeId)) {
            move(t, NodeState.ROLLING_BACK, why, now);
            return List.of(new NodeAction(t.nodeId, StepPurpose.ROLLBACK));
        }
        settle(t, NodeState.FAILED, why + (policy.rollbackOnFailure() ? "; no last-known-good config to roll back to"
                : "; rollback disabled"), now);
        return afterSettle(now);
    }

    static List<List<String>> plan(List<Track> all, int maxParallel) {
        List<Track> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.comparing((Track t) -> !t.controlPlane).thenComparingInt(t -> t.index)
                .thenComparing(t -> t.nodeId));
        List<List<String>> waves = new ArrayList<>();
        List<String> workers = new ArrayList<>();
        for (Track t : ordered) {
            if (t.controlPlane) {
                waves.add(List.of(t.nodeId));
            } else {
                workers.add(t.nodeId);
            }
        }
        for (int i = 0; i < workers.size(); i += maxParallel) {
            waves.add(List.copyOf(workers.subList(i, Math.min(workers.size(), i + maxParallel))));
        }
        return waves;
    }

    private void move(Track t, NodeState next, String why, Instant now) {
        t.state = next;
        t.reason = why;
        t.since = now;
        t.waitReason = "";
        touch(now);
        if (state.terminal() && !next.inFlight()) {
            leases.release(t.nodeId, rolloutId);
        }
    }

    private void settle(Track t, NodeState next, String why, Instant now) {
        move(t, next, why, now);
        t.finishedAt = now;
        lastProgress = now;
        leases.release(t.nodeId, rolloutId);
    }

    private void conclude(RolloutState finalState, String why, Instant now) {
        state = finalState;
        reason = why;
        paused = false;
        touch(now);
        nodes.values().stream().filter(t -> !t.state.inFlight()).forEach(t -> leases.release(t.nodeId, rolloutId));
    }

    private void touch(Instant now) {
        if (updatedAt == null || now.isAfter(updatedAt)) {
            updatedAt = now;
        }
    }

    private String firstFailure() {
        return nodes.values().stream().filter(t -> t.state.failure()).findFirst()
                .map(t -> t.nodeId + ": " + t.reason).orElse("");
    }

    // ---- views ---------------------------------------------------------------------------------------------------

    public String rolloutId() {
        return rolloutId;
    }

    public RolloutState state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    public boolean paused() {
        return paused;
    }

    public RolloutPolicy policy() {
        return policy;
    }

    public boolean admitted() {
        return admitted;
    }

    public String supersededBy() {
        return supersededBy;
    }

    public List<String> queuedBehind() {
        return queuedBehind;
    }

    public int expectedNodes() {
        return expectedNodes;
    }

    public int currentWave() {
        return currentWave;
    }

    public int wavesTotal() {
        return waves == null ? 0 : waves.size();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long healthyNodes() {
        return nodes.values().stream().filter(t -> t.state == NodeState.HEALTHY).count();
    }

    public long failedNodes() {
        return nodes.values().stream().filter(t -> t.state.failure()).count();
    }

    public String digest(String nodeId) {
        Track t = nodes.get(nodeId);
        return t == null ? "" : t.digest;
    }

    public NodeProgress node(String nodeId, Instant now) {
        Track t = nodes.get(nodeId);
        return t == null ? null : view(t, now);
    }

    public List<NodeProgress> nodes(Instant now) {
        return nodes.values().stream().map(t -> view(t, now)).toList();
    }

    private NodeProgress view(Track t, Instant now) {
        long waited = t.since == null ? 0 : Math.max(0, Duration.between(t.since, now).toSeconds());
        long timeout = 0;
        String wait = "";
        if (!state.terminal()) {
            if (t.state == NodeState.APPLIED) {
                timeout = policy.healthTimeout().toSeconds();
                if (paused) {
                    waited = Duration.between(t.since, pausedAt).toSeconds();
                }
                String base = t.waitReason.isEmpty() ? "waiting for health" : t.waitReason;
                wait = base + ", " + waited + " s of " + timeout + " s" + (paused ? " (paused)" : "");
            } else if (t.state == NodeState.SEALED && waves != null) {
                String other = leases.holder(t.nodeId).filter(h -> !h.equals(rolloutId)).orElse(null);
                wait = paused ? "waiting: rollout paused" : t.wave == currentWave && other != null
                        ? "waiting for the node's lease, held by rollout " + other
                        : "waiting for wave " + (t.wave + 1) + " (wave " + (currentWave + 1) + " of " + waves.size()
                        + " in progress)";
            } else if (!queuedBehind.isEmpty()) {
                wait = reason;
            } else if (t.state == NodeState.SEALED || t.state == NodeState.WAITING_CONFIG) {
                wait = !requested ? "waiting for the rollout request"
                        : "waiting for sealed configs (" + nodes.values().stream()
                        .filter(n -> n.state != NodeState.WAITING_CONFIG).count() + " of " + expectedNodes + ")";
            } else if (t.state == NodeState.UPGRADING) {
                timeout = policy.upgradeTimeout().toSeconds();
                wait = t.reason + (t.waitReason.isEmpty() ? "" : ", " + t.waitReason) + ", " + waited + " s of "
                        + timeout + " s";
            } else if (t.state.inFlight()) {
                wait = t.reason + ", " + waited + " s";
            }
        }
        String holder = leases.holder(t.nodeId).orElse("");
        String lease = holder.equals(rolloutId) ? "held" : holder.isEmpty() || t.state.settled() || state.terminal()
                ? "" : "waiting for rollout " + holder;
        return new NodeProgress(t.nodeId, t.controlPlane, t.index, t.wave + 1, t.state, t.digest, t.reason, wait,
                t.since, waited, timeout, t.startedAt, t.finishedAt, t.callMillis, t.endpoint, lease);
    }
}
