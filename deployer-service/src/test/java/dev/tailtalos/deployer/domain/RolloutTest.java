package dev.tailtalos.deployer.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutTest {
    private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");
    private static final RolloutPolicy DEFAULTS = RolloutPolicy.defaults(Duration.ofSeconds(60));

    private static RolloutPolicy policy(int maxParallel, int maxFailures, ApplyMode mode, boolean rollback) {
        return new RolloutPolicy(maxParallel, maxFailures, Duration.ofSeconds(60), Duration.ofSeconds(600), mode,
                rollback, Duration.ofSeconds(120), false, Duration.ofSeconds(300));
    }

    private static Rollout rollout(Set<String> withLastKnownGood) {
        return new Rollout("r1", DEFAULTS, withLastKnownGood::contains);
    }

    private static List<String> ids(List<NodeAction> actions) {
        return actions.stream().map(NodeAction::nodeId).toList();
    }

    @Test
    void controlPlanesOneAtATimeThenWorkersInWaves() {
        Rollout r = rollout(Set.of());
        r.requested(policy(2, 0, ApplyMode.AUTO, true), T0);
        assertThat(r.sealed("w1", false, 2, 5, "d", T0)).isEmpty();
        assertThat(r.sealed("cp1", true, 0, 5, "d", T0)).isEmpty();
        assertThat(r.sealed("w2", false, 3, 5, "d", T0)).isEmpty();
        assertThat(r.sealed("w3", false, 4, 5, "d", T0)).isEmpty();
        assertThat(ids(r.sealed("cp2", true, 1, 5, "d", T0))).containsExactly("cp1");

        r.applied("cp1", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0);
        assertThat(ids(r.health("cp1", true, "", T0))).containsExactly("cp2");
        r.applied("cp2", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0);
        assertThat(ids(r.health("cp2", true, "", T0))).containsExactly("w1", "w2");
        r.applied("w1", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0);
        r.applied("w2", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0);
        assertThat(r.health("w1", true, "", T0)).isEmpty();
        assertThat(ids(r.health("w2", true, "", T0))).containsExactly("w3");
        r.applied("w3", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0);
        assertThat(r.health("w3", true, "", T0)).isEmpty();
        assertThat(r.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(r.healthyNodes()).isEqualTo(5);
    }

    @Test
    void nothingStartsBeforeTheRequestIsKnown() {
        Rollout r = rollout(Set.of());
        assertThat(r.sealed("cp1", true, 0, 1, "d", T0)).isEmpty();
        assertThat(r.node("cp1", T0).waitReason()).isEqualTo("waiting for the rollout request");
        assertThat(ids(r.requested(DEFAULTS, T0))).containsExactly("cp1");
    }

    @Test
    void aFailedNodeHaltsTheRolloutAndLaterNodesStayUntouched() {
        Rollout r = rollout(Set.of());
        r.requested(DEFAULTS, T0);
        r.sealed("cp1", true, 0, 2, "d", T0);
        assertThat(ids(r.sealed("w1", false, 1, 2, "d", T0))).containsExactly("cp1");
        r.stepFailed("cp1", StepPurpose.APPLY, "PermissionDenied: not authorized", T0);
        assertThat(r.state()).isEqualTo(RolloutState.FAILED);
        assertThat(r.reason()).contains("cp1").contains("not authorized").contains("max failures 0");
        assertThat(r.node("w1", T0).state()).isEqualTo(NodeState.SEALED);
        assertThat(r.health("cp1", true, "", T0)).isEmpty();
    }

    @Test
    void failuresWithinMaxFailuresLetTheRolloutContinue() {
        Rollout r = rollout(Set.of());
        r.requested(policy(1, 1, ApplyMode.AUTO, true), T0);
        r.sealed("w1", false, 0, 3, "d", T0);
        r.sealed("w2", false, 1, 3, "d", T0);
        assertThat(ids(r.sealed("w3", false, 2, 3, "d", T0))).containsExactly("w1");
        assertThat(ids(r.stepFailed("w1", StepPurpose.APPLY, "refused", T0))).containsExactly("w2");
        assertThat(r.state()).isEqualTo(RolloutState.RUNNING);
        r.stepFailed("w2", StepPurpose.APPLY, "refused", T0);
        assertThat(r.state()).isEqualTo(RolloutState.FAILED);
        assertThat(r.reason()).startsWith("halted: 2 node(s) failed (max failures 1)");
    }

    @Test
    void healthTimeoutRollsTheNodeBackToItsLastKnownGoodConfigAndSaysWhy() {
        Rollout r = rollout(Set.of("cp1"));
        r.requested(policy(1, 0, ApplyMode.AUTO, true), T0);
        r.sealed("cp1", true, 0, 2, "d", T0);
        r.sealed("cp2", true, 1, 2, "d", T0);
        r.applied("cp1", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0);
        r.health("cp1", false, "ext-tailscale: Waiting", T0.plusSeconds(10));
        NodeProgress waiting = r.node("cp1", T0.plusSeconds(40));
        assertThat(waiting.waitReason()).isEqualTo("waiting for health (ext-tailscale: Waiting), 40 s of 60 s");
        assertThat(r.tick(T0.plusSeconds(59))).isEmpty();
        List<NodeAction> rollback = r.tick(T0.plusSeconds(61));
        assertThat(rollback).containsExactly(new NodeAction("cp1", StepPurpose.ROLLBACK));
        assertThat(r.node("cp1", T0).state()).isEqualTo(NodeState.ROLLING_BACK);
        r.applied("cp1", StepPurpose.ROLLBACK, "NO_REBOOT", "e", 1, T0.plusSeconds(62));
        assertThat(r.node("cp1", T0).state()).isEqualTo(NodeState.ROLLED_BACK);
        assertThat(r.node("cp1", T0).reason()).contains("not healthy within 60 s (ext-tailscale: Waiting)")
                .contains("rolled back to last-known-good config");
        assertThat(r.state()).isEqualTo(RolloutState.FAILED);
        assertThat(r.node("cp2", T0).state()).isEqualTo(NodeState.SEALED);
    }

    @Test
    void withoutLastKnownGoodOrWithRollbackOffTheNodeJustFails() {
        Rollout r = rollout(Set.of());
        r.requested(policy(1, 0, ApplyMode.AUTO, true), T0);
        r.sealed("cp1", true, 0, 1, "d", T0);
        r.applied("cp1", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0);
        assertThat(r.tick(T0.plusSeconds(61))).isEmpty();
        assertThat(r.node("cp1", T0).reason()).contains("no last-known-good config");

        Rollout off = rollout(Set.of("cp1"));
        off.requested(policy(1, 0, ApplyMode.AUTO, false), T0);
        off.sealed("cp1", true, 0, 1, "d", T0);
        off.applied("cp1", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0);
        assertThat(off.tick(T0.plusSeconds(61))).isEmpty();
        assertThat(off.node("cp1", T0).reason()).contains("rollback disabled");
    }

    @Test
    void tryModeConfirmsAfterHealthAndLetsAnUnhealthyNodeRevert() {
        Rollout r = rollout(Set.of("w1", "w2"));
        r.requested(policy(1, 1, ApplyMode.TRY, true), T0);
        r.sealed("w1", false, 0, 2, "d", T0);
        r.sealed("w2", false, 1, 2, "d", T0);
        r.applied("w1", StepPurpose.APPLY, "TRY", "e", 1, T0);
        assertThat(r.health("w1", true, "", T0)).containsExactly(new NodeAction("w1", StepPurpose.CONFIRM));
        assertThat(ids(r.applied("w1", StepPurpose.CONFIRM, "NO_REBOOT", "e", 1, T0))).containsExactly("w2");
        assertThat(r.node("w1", T0).state()).isEqualTo(NodeState.HEALTHY);
        r.applied("w2", StepPurpose.APPLY, "TRY", "e", 1, T0);
        assertThat(r.tick(T0.plusSeconds(61))).isEmpty();
        assertThat(r.node("w2", T0).state()).isEqualTo(NodeState.ROLLED_BACK);
        assertThat(r.node("w2", T0).reason()).contains("reverts the tried config after 120 s");
        assertThat(r.state()).isEqualTo(RolloutState.COMPLETED);
    }

    @Test
    void pauseHoldsTheNextWaveAndTheClocksResumeContinuesPromoteSkipsTheWait() {
        Rollout r = rollout(Set.of());
        r.requested(policy(1, 0, ApplyMode.AUTO, true), T0);
        r.sealed("w1", false, 0, 3, "d", T0);
        r.sealed("w2", false, 1, 3, "d", T0);
        r.sealed("w3", false, 2, 3, "d", T0);
        r.applied("w1", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0);
        r.pause("alice", T0.plusSeconds(10));
        assertThat(r.health("w1", true, "", T0.plusSeconds(20))).isEmpty();
        assertThat(r.node("w2", T0).waitReason()).isEqualTo("waiting: rollout paused");
        assertThat(r.tick(T0.plusSeconds(1000))).isEmpty();
        assertThat(r.state()).isEqualTo(RolloutState.RUNNING);
        assertThat(ids(r.resume("alice", T0.plusSeconds(1000)))).containsExactly("w2");
        r.applied("w2", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0.plusSeconds(1001));
        assertThat(ids(r.promote("bob", T0.plusSeconds(1002)))).containsExactly("w3");
        assertThat(r.node("w2", T0).reason()).isEqualTo("promoted by bob while waiting for health");
        r.abort("carol", "enough", T0.plusSeconds(1003));
        assertThat(r.state()).isEqualTo(RolloutState.ABORTED);
        assertThat(r.reason()).isEqualTo("aborted by carol: enough");
        assertThat(r.health("w3", true, "", T0.plusSeconds(1004))).isEmpty();
    }

    @Test
    void progressDeadlineAbortsButPausedTimeDoesNotCount() {
        Rollout r = rollout(Set.of());
        r.requested(new RolloutPolicy(1, 0, Duration.ofSeconds(600), Duration.ofSeconds(100), ApplyMode.AUTO, true,
                Duration.ofSeconds(700), false, Duration.ofSeconds(300)), T0);
        r.sealed("w1", false, 0, 1, "d", T0);
        r.pause("alice", T0.plusSeconds(50));
        r.resume("alice", T0.plusSeconds(500));
        r.tick(T0.plusSeconds(540));
        assertThat(r.state()).isEqualTo(RolloutState.RUNNING);
        r.tick(T0.plusSeconds(560));
        assertThat(r.state()).isEqualTo(RolloutState.ABORTED);
        assertThat(r.reason()).contains("progress deadline exceeded");
    }

    @Test
    void replayedInFlightStepsAreHandedBackAfterARestart() {
        Rollout r = rollout(Set.of());
        r.requested(policy(2, 0, ApplyMode.AUTO, true), T0);
        r.sealed("w1", false, 0, 2, "d", T0);
        r.sealed("w2", false, 1, 2, "d", T0);
        r.applied("w1", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0);
        assertThat(r.inFlight()).containsExactly(new NodeAction("w2", StepPurpose.APPLY));
        // Repeats of the same events change nothing.
        assertThat(r.sealed("w2", false, 1, 2, "d", T0)).isEmpty();
        assertThat(r.applied("w1", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0)).isEmpty();
        r.concluded(RolloutState.ABORTED, "aborted by x", T0);
        assertThat(r.inFlight()).isEmpty();
    }

    @Test
    void badPoliciesAreRefusedWithTheFieldNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApplyMode.parse("reboot", "apply_mode"))
                .hasMessageContaining("apply_mode: 'reboot' is not an apply mode");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RolloutPolicy(0, 0, Duration.ofSeconds(1),
                Duration.ofSeconds(1), ApplyMode.AUTO, true, Duration.ofSeconds(2), false, Duration.ofSeconds(300)))
                .hasMessageContaining("maxParallel");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RolloutPolicy(1, 0, Duration.ofSeconds(60),
                Duration.ofSeconds(100), ApplyMode.TRY, true, Duration.ofSeconds(30), false, Duration.ofSeconds(300)))
                .hasMessageContaining("tryTimeout");
    }

    @Test
    void anUpgradeShowsInTheStatusWithItsPhaseAndTimeoutThenTheApplyContinues() {
        Rollout r = rollout(Set.of());
        r.requested(policy(1, 0, ApplyMode.AUTO, true), T0);
        r.sealed("k8s-2", true, 0, 1, "d", T0);
        String image = "factory.talos.dev/metal-installer/" + "ab".repeat(32) + ":v1.10.5";
        r.upgrading("k8s-2", image, "requesting the upgrade (Talos v1.10.4 → v1.10.5)", T0);
        r.upgrading("k8s-2", image, "rebooting", T0.plusSeconds(20));
        NodeProgress p = r.node("k8s-2", T0.plusSeconds(20));
        assertThat(p.state()).isEqualTo(NodeState.UPGRADING);
        assertThat(p.waitReason()).isEqualTo("upgrading to " + image + ", rebooting, 20 s of 300 s");
        assertThat(p.timeoutSeconds()).isEqualTo(300);
        assertThat(r.inFlight()).containsExactly(new NodeAction("k8s-2", StepPurpose.APPLY));

        r.applied("k8s-2", StepPurpose.APPLY, "NO_REBOOT", "e", 1, T0.plusSeconds(40));
        assertThat(r.node("k8s-2", T0.plusSeconds(40)).state()).isEqualTo(NodeState.APPLIED);
        assertThat(r.health("k8s-2", true, "", T0.plusSeconds(41))).isEmpty();
        assertThat(r.state()).isEqualTo(RolloutState.COMPLETED);
    }

    @Test
    void aFailedUpgradeFailsTheNodeAndHaltsTheRollout() {
        Rollout r = rollout(Set.of());
        r.requested(policy(1, 0, ApplyMode.AUTO, true), T0);
        r.sealed("cp1", true, 0, 2, "d", T0);
        r.sealed("cp2", true, 1, 2, "d", T0);
        r.upgrading("cp1", "img", "rebooting", T0);
        r.stepFailed("cp1", StepPurpose.APPLY, "apply: upgrade refused: schematic not found", T0.plusSeconds(1));
        assertThat(r.state()).isEqualTo(RolloutState.FAILED);
        assertThat(r.reason()).contains("cp1: apply: upgrade refused: schematic not found");
        assertThat(r.node("cp2", T0).state()).isEqualTo(NodeState.SEALED);
    }

    @Test
    void theProgressDeadlineCountsFromTheRequestAndNamesWhatTheRolloutWaitedFor() {
        Rollout r = rollout(Set.of());
        r.requested(DEFAULTS, T0);
        r.sealed("w1", false, 0, 3, "d", T0.plusSeconds(10));
        assertThat(r.tick(T0.plusSeconds(600))).isEmpty();
        assertThat(r.state()).isEqualTo(RolloutState.RUNNING);
        r.tick(T0.plusSeconds(611));
        assertThat(r.state()).isEqualTo(RolloutState.ABORTED);
        assertThat(r.reason()).isEqualTo("progress deadline exceeded: still waiting for sealed configs (1 of 3) after 600 s");
    }

    @Test
    void aRolloutWhoseRequestNeverArrivesTimesOutToo() {
        Rollout r = rollout(Set.of());
        r.sealed("w1", false, 0, 1, "d", T0);
        r.tick(T0.plus(DEFAULTS.progressDeadline()).plusSeconds(1));
        assertThat(r.state()).isEqualTo(RolloutState.ABORTED);
        assertThat(r.reason()).contains("still waiting for the rollout request");
    }
}
