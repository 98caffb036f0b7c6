package dev.tailtalos.deployer.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutTest {
    private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");

    @Test
    void controlPlanesOneAtATimeThenWorkersInWaves() {
        Rollout r = new Rollout("r1", Duration.ofSeconds(60));
        r.requested(2);
        assertThat(r.sealed("w1", false, 2, 5, "d", T0)).isEmpty();
        assertThat(r.sealed("cp1", true, 0, 5, "d", T0)).isEmpty();
        assertThat(r.sealed("w2", false, 3, 5, "d", T0)).isEmpty();
        assertThat(r.sealed("w3", false, 4, 5, "d", T0)).isEmpty();
        assertThat(r.sealed("cp2", true, 1, 5, "d", T0)).containsExactly("cp1");

        r.applied("cp1", "NO_REBOOT", T0);
        assertThat(r.healthy("cp1", T0)).containsExactly("cp2");
        r.applied("cp2", "NO_REBOOT", T0);
        assertThat(r.healthy("cp2", T0)).containsExactly("w1", "w2");
        r.applied("w1", "NO_REBOOT", T0);
        r.applied("w2", "NO_REBOOT", T0);
        assertThat(r.healthy("w1", T0)).isEmpty();
        assertThat(r.healthy("w2", T0)).containsExactly("w3");
        r.applied("w3", "NO_REBOOT", T0);
        assertThat(r.healthy("w3", T0)).isEmpty();
        assertThat(r.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(r.healthyNodes()).isEqualTo(5);
    }

    @Test
    void aFailedNodeHaltsTheRolloutAndLaterNodesStayUntouched() {
        Rollout r = new Rollout("r1", Duration.ofSeconds(60));
        r.sealed("cp1", true, 0, 2, "d", T0);
        List<String> first = r.sealed("w1", false, 1, 2, "d", T0);
        assertThat(first).containsExactly("cp1");
        r.failed("cp1", "PermissionDenied: not authorized", T0);
        assertThat(r.state()).isEqualTo(RolloutState.FAILED);
        assertThat(r.reason()).contains("cp1").contains("not authorized");
        assertThat(r.node("w1").state()).isEqualTo(NodeState.SEALED);
        assertThat(r.healthy("cp1", T0)).isEmpty();
    }

    @Test
    void healthTimeoutFailsTheWaitingNode() {
        Rollout r = new Rollout("r1", Duration.ofSeconds(30));
        r.sealed("cp1", true, 0, 1, "d", T0);
        r.applied("cp1", "NO_REBOOT", T0);
        r.tick(T0.plusSeconds(29));
        assertThat(r.state()).isEqualTo(RolloutState.RUNNING);
        r.tick(T0.plusSeconds(31));
        assertThat(r.state()).isEqualTo(RolloutState.FAILED);
        assertThat(r.node("cp1").reason()).contains("not healthy within 30 s");
    }

    @Test
    void healthBeforeApplyIsIgnored() {
        Rollout r = new Rollout("r1", Duration.ofSeconds(30));
        r.sealed("cp1", true, 0, 1, "d", T0);
        assertThat(r.healthy("cp1", T0)).isEmpty();
        assertThat(r.node("cp1").state()).isEqualTo(NodeState.APPLYING);
    }
}
