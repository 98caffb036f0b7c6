package dev.tailtalos.deployer.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Node leases and on_conflict between rollouts of the same nodes (the coordinator's admission loop, by hand). */
class RolloutConflictsTest {
    private static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");
    private final NodeLeases leases = new NodeLeases();
    private final List<Rollout> all = new ArrayList<>();

    private static RolloutPolicy policy(int maxParallel, OnConflict onConflict) {
        return new RolloutPolicy(maxParallel, 0, Duration.ofSeconds(60), Duration.ofSeconds(600), ApplyMode.AUTO,
                true, Duration.ofSeconds(120), false, Duration.ofSeconds(300), onConflict, RolloutPolicy.WAVES);
    }

    private Rollout request(String id, RolloutPolicy policy, String... nodes) {
        Rollout r = new Rollout(id, policy, n -> false, leases);
        all.add(r);
        r.requested(policy, T0);
        for (int i = 0; i < nodes.length; i++) {
            r.sealed(nodes[i], false, i, nodes.length, "d-" + id, T0);
        }
        return r;
    }

    /** What the coordinator does after every event. */
    private List<String> settle() {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Rollout c = all.get(i);
            if (!c.awaitingAdmission()) {
                continue;
            }
            RolloutAdmission.Decision d = RolloutAdmission.decide(c, all.subList(0, i), all.subList(i + 1, all.size()));
            switch (d.verdict()) {
                case ADMIT -> c.admit(T0).forEach(a -> started.add(c.rolloutId() + ":" + a.nodeId()));
                case SUPERSEDE_OLDER -> {
                    all.stream().filter(o -> d.others().contains(o.rolloutId())).forEach(o -> o.supersede(c.rolloutId(), T0));
                    c.admit(T0).forEach(a -> started.add(c.rolloutId() + ":" + a.nodeId()));
                }
                case QUEUE -> c.queueBehind(d.others(), T0);
                case REJECT -> c.rejectConflict(d.others(), T0);
                case SUPERSEDED_BY_NEWER -> c.supersede(d.others().get(0), T0);
            }
        }
        for (Rollout r : all) {
            if (r.admitted()) {
                r.retryLeases(T0).forEach(a -> started.add(r.rolloutId() + ":" + a.nodeId()));
            }
        }
        return started;
    }

    private void finish(Rollout r, String node) {
        r.applied(node, StepPurpose.APPLY, "auto", "e", 1, T0);
        r.health(node, true, "", T0);
    }

    @Test
    void supersedeLetsRunningStepsFinishThenTheNewerRolloutTakesTheNodes() {
        Rollout a = request("a", policy(2, OnConflict.SUPERSEDE), "w1", "w2", "w3", "w4");
        assertThat(settle()).containsExactly("a:w1", "a:w2");
        Rollout b = request("b", policy(2, OnConflict.SUPERSEDE), "w1", "w2", "w3", "w4");
        assertThat(settle()).isEmpty();
        assertThat(a.state()).isEqualTo(RolloutState.SUPERSEDED);
        assertThat(a.supersededBy()).isEqualTo("b");
        assertThat(b.node("w1", T0).lease()).isEqualTo("waiting for rollout a");
        assertThat(b.node("w1", T0).waitReason()).isEqualTo("waiting for the node's lease, held by rollout a");

        a.applied("w1", StepPurpose.APPLY, "auto", "e", 1, T0);
        assertThat(settle()).containsExactly("b:w1");
        assertThat(b.node("w1", T0).lease()).isEqualTo("held");
        a.stepFailed("w2", StepPurpose.APPLY, "refused", T0);
        assertThat(settle()).containsExactly("b:w2");
        assertThat(a.state()).isEqualTo(RolloutState.SUPERSEDED);

        finish(b, "w1");
        finish(b, "w2");
        assertThat(settle()).isEmpty();
        finish(b, "w3");
        finish(b, "w4");
        assertThat(b.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(leases.holder("w1")).isEmpty();
    }

    @Test
    void queueWaitsForTheOlderRolloutToEnd() {
        Rollout a = request("a", policy(1, OnConflict.SUPERSEDE), "w1", "w2");
        assertThat(settle()).containsExactly("a:w1");
        Rollout b = request("b", policy(1, OnConflict.QUEUE), "w2", "w9");
        assertThat(settle()).isEmpty();
        assertThat(b.queuedBehind()).containsExactly("a");
        assertThat(b.reason()).isEqualTo("queued behind rollout a (on_conflict: queue)");
        a.applied("w1", StepPurpose.APPLY, "auto", "e", 1, T0);
        assertThat(a.health("w1", true, "", T0)).extracting(NodeAction::nodeId).containsExactly("w2");
        assertThat(settle()).isEmpty();
        finish(a, "w2");
        assertThat(a.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(settle()).containsExactly("b:w2");
    }

    @Test
    void rejectFailsTheNewerRolloutAndLeavesTheOlderOneAlone() {
        Rollout a = request("a", policy(1, OnConflict.SUPERSEDE), "w1");
        settle();
        Rollout b = request("b", policy(1, OnConflict.REJECT), "w1");
        settle();
        assertThat(b.state()).isEqualTo(RolloutState.FAILED);
        assertThat(b.reason()).isEqualTo("rejected: rollout a still changes some of its nodes (on_conflict: reject)");
        assertThat(a.state()).isEqualTo(RolloutState.RUNNING);
    }

    @Test
    void disjointRolloutsRunSideBySide() {
        request("a", policy(1, OnConflict.REJECT), "w1");
        request("b", policy(1, OnConflict.REJECT), "w2");
        assertThat(settle()).containsExactly("a:w1", "b:w2");
    }

    @Test
    void anOlderRolloutWhoseInputsArriveLateIsSupersededByTheNewerRunningOne() {
        Rollout a = new Rollout("a", policy(1, OnConflict.SUPERSEDE), n -> false, leases);
        all.add(a);
        a.requested(a.policy(), T0);
        a.sealed("w1", false, 0, 2, "d", T0);
        Rollout b = request("b", policy(1, OnConflict.SUPERSEDE), "w1");
        assertThat(settle()).containsExactly("b:w1");
        a.sealed("w2", false, 1, 2, "d", T0);
        assertThat(settle()).isEmpty();
        assertThat(a.state()).isEqualTo(RolloutState.SUPERSEDED);
        assertThat(b.state()).isEqualTo(RolloutState.RUNNING);
    }

    @Test
    void noNodeIsEverHeldByTwoRollouts() {
        Rollout a = request("a", policy(3, OnConflict.SUPERSEDE), "w1", "w2", "w3");
        Set<String> started = Set.copyOf(settle());
        assertThat(started).hasSize(3);
        Rollout b = request("b", policy(3, OnConflict.SUPERSEDE), "w1", "w2", "w3");
        Rollout c = request("c", policy(3, OnConflict.SUPERSEDE), "w2", "w3");
        assertThat(settle()).isEmpty();
        assertThat(b.state()).isEqualTo(RolloutState.SUPERSEDED);
        a.applied("w2", StepPurpose.APPLY, "auto", "e", 1, T0);
        assertThat(settle()).containsExactly("c:w2");
        assertThat(leases.holder("w1")).contains("a");
        assertThat(leases.holder("w2")).contains("c");
    }

    @Test
    void anEndedRolloutsStepThatNeverStartedGivesItsLeaseBack() {
        Rollout a = request("a", policy(1, OnConflict.SUPERSEDE), "w1");
        settle();
        a.abort("ops", "", T0);
        assertThat(leases.holder("w1")).contains("a");
        a.notStarted("w1", T0);
        assertThat(leases.holder("w1")).isEmpty();
        assertThat(a.node("w1", T0).state()).isEqualTo(NodeState.SEALED);
    }
}
