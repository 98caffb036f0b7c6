package dev.tailtalos.deployer.it;

import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.RolloutControl;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** Rollouts of the same nodes against a real broker and simulated nodes: leases, on_conflict, ends that stay ends. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployerConflictsTest {
    private static final List<String> SHARED = List.of("c1", "c2", "c3", "c4");
    private DeployerFixture fx;

    @BeforeAll
    void start() throws Exception {
        List<String> nodes = new ArrayList<>(SHARED);
        nodes.addAll(List.of("q1", "q2", "j1", "z1", "z2", "z3"));
        fx = new DeployerFixture(nodes);
        fx.startDeployer(DeployerFixture.props("tailtalos.deployer.workers", "8"));
    }

    @AfterEach
    void resetFaults() {
        fx.simulator().nodes().forEach(n -> n.faults().clear());
        fx.health().silence(a -> false);
    }

    @AfterAll
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void threeOverlappingRolloutsNeverChangeANodeAtOnceAndTheNewestWins() {
        SHARED.forEach(n -> fx.simulator().node(n).faults().latency(Duration.ofMillis(400)));
        RolloutRequested.Builder policy = RolloutRequested.newBuilder().setMaxParallel(2);
        String a = fx.rollout(SHARED, policy.clone());
        DeployerFixture.await("a applying", Duration.ofSeconds(20), () -> SHARED.stream()
                .anyMatch(n -> fx.simulator().node(n).applyCount() > 0 || applying(a)));
        String b = fx.rollout(SHARED, policy.clone());
        String c = fx.rollout(SHARED, policy.clone());

        assertThat(fx.awaitFinal(c, Duration.ofSeconds(60)).getState()).isEqualTo("COMPLETED");
        RolloutStatus sa = fx.awaitFinal(a, Duration.ofSeconds(10));
        RolloutStatus sb = fx.awaitFinal(b, Duration.ofSeconds(10));
        assertThat(sa.getState()).isEqualTo("SUPERSEDED");
        assertThat(sb.getState()).isEqualTo("SUPERSEDED");
        assertThat(sa.getReason()).startsWith("superseded by rollout ");
        for (String n : SHARED) {
            assertThat(fx.simulator().node(n).appliedConfig()).as(n).hasValueSatisfying(cfg -> assertThat(cfg)
                    .contains("tailtalos.dev/config: " + c));
        }
        assertThat(overlappingApplies(List.of(a, b, c))).as("nodes applied by two rollouts at once").isZero();
    }

    @Test
    void queueWaitsAndRejectFails() {
        fx.health().silence(x -> x.getNodeId().equals("q1"));
        String first = fx.rollout(List.of("q1", "q2"), RolloutRequested.newBuilder());
        DeployerFixture.await("q1 applied", Duration.ofSeconds(20), () -> fx.simulator().node("q1").applyCount() == 1);
        String rejected = fx.rollout(List.of("q1"), RolloutRequested.newBuilder().setOnConflict("reject"));
        RolloutStatus r = fx.awaitFinal(rejected, Duration.ofSeconds(20));
        assertThat(r.getState()).isEqualTo("FAILED");
        assertThat(r.getReason()).isEqualTo("rejected: rollout " + first
                + " still changes some of its nodes (on_conflict: reject)");
        assertThat(r.getOnConflict()).isEqualTo("reject");
        String queued = fx.rollout(List.of("q2"), RolloutRequested.newBuilder().setOnConflict("queue"));
        DeployerFixture.await("queued", Duration.ofSeconds(20), () -> latest(queued) != null
                && latest(queued).getQueuedBehindList().contains(first));
        assertThat(fx.simulator().node("q2").applyCount()).isZero();
        fx.send(Topics.ROLLOUT_CONTROL, first, RolloutControl.newBuilder().setRolloutId(first)
                .setCommand(RolloutControl.Command.PROMOTE).setRequestedBy("it").build(), first);
        assertThat(fx.awaitFinal(first, Duration.ofSeconds(30)).getState()).isEqualTo("COMPLETED");
        RolloutStatus q = fx.awaitFinal(queued, Duration.ofSeconds(30));
        assertThat(q.getState()).isEqualTo("COMPLETED");
        assertThat(fx.simulator().node("q2").appliedConfig()).hasValueSatisfying(cfg -> assertThat(cfg).contains(queued));
    }

    @Test
    void aRepoConfigServiceRefusedFailsTheRolloutWithItsFirstError() {
        String id = fx.request(RolloutRequested.newBuilder().setClusterRepo("/repo"));
        EventEnvelope refused = new EventEnvelopes("config-service", java.time.Clock.systemUTC()).wrap(
                RolloutStatus.newBuilder().setRolloutId(id).setState("FAILED").setReason("cluster repo rejected: ERROR "
                        + "talconfig.yaml:7 nodes[0].ipAddress: not an IP address").build(), id, "");
        fx.sendRaw(Topics.ROLLOUT_STATUS, id, refused.toByteArray());
        DeployerFixture.await("the deployer's own FAILED status", Duration.ofSeconds(20), () -> fx
                .records(Topics.ROLLOUT_STATUS).stream().map(rec -> EventEnvelopes.parse(rec.value()))
                .anyMatch(e -> e.getCorrelationId().equals(id) && e.getProducer().equals("deployer-service")
                        && EventEnvelopes.payload(e, RolloutStatus.class).getState().equals("FAILED")));
        RolloutStatus s = latest(id);
        assertThat(s.getState()).isEqualTo("FAILED");
        assertThat(s.getReason()).contains("talconfig.yaml:7 nodes[0].ipAddress");
        assertThat(s.hasHealthTimeout()).as("effective policy shown").isTrue();
    }

    @Test
    void anAbortedRolloutNeverAppliesAgainAcrossARestart() {
        fx.health().silence(x -> x.getNodeId().startsWith("z"));
        String id = fx.rollout(List.of("z1", "z2", "z3"), RolloutRequested.newBuilder());
        DeployerFixture.await("z1 applied", Duration.ofSeconds(20), () -> fx.simulator().node("z1").applyCount() == 1);
        fx.send(Topics.ROLLOUT_CONTROL, id, RolloutControl.newBuilder().setRolloutId(id)
                .setCommand(RolloutControl.Command.ABORT).setRequestedBy("it").build(), id);
        assertThat(fx.awaitFinal(id, Duration.ofSeconds(20)).getState()).isEqualTo("ABORTED");
        fx.stopDeployer();
        fx.startDeployer(DeployerFixture.props("tailtalos.deployer.workers", "8"));
        String probe = fx.rollout(List.of("j1"), RolloutRequested.newBuilder());
        assertThat(fx.awaitFinal(probe, Duration.ofSeconds(30)).getState()).isEqualTo("COMPLETED");
        assertThat(fx.simulator().node("z2").applyCount()).isZero();
        assertThat(fx.simulator().node("z3").applyCount()).isZero();
        assertThat(fx.simulator().node("z1").applyCount()).isEqualTo(1);
    }

    private boolean applying(String rolloutId) {
        RolloutStatus s = latest(rolloutId);
        return s != null && s.getNodesList().stream().anyMatch(n -> n.getState().equals("APPLYING"));
    }

    private RolloutStatus latest(String rolloutId) {
        List<RolloutStatus> all = fx.events(Topics.ROLLOUT_STATUS, rolloutId, RolloutStatus.class);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Pairs of applies of one node by different rollouts whose Talos calls overlapped in time. */
    private long overlappingApplies(List<String> rolloutIds) {
        record Call(String rollout, String node, Instant from, Instant to) {
        }
        List<Call> calls = fx.records(Topics.NODE_APPLIED).stream().map(r -> EventEnvelopes.parse(r.value()))
                .filter(e -> rolloutIds.contains(e.getCorrelationId())).map(e -> {
                    NodeApplied a = EventEnvelopes.payload(e, NodeApplied.class);
                    Instant to = EventEnvelopes.instant(e.getOccurredAt());
                    return new Call(a.getRolloutId(), a.getNodeId(), to.minusMillis(a.getCallMillis()), to);
                }).toList();
        Map<String, List<Call>> byNode = calls.stream().collect(Collectors.groupingBy(Call::node));
        long overlaps = 0;
        for (List<Call> list : byNode.values()) {
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    Call x = list.get(i);
                    Call y = list.get(j);
                    if (!x.rollout().equals(y.rollout()) && x.from().isBefore(y.to()) && y.from().isBefore(x.to())) {
                        overlaps++;
                    }
                }
            }
        }
        return overlaps;
    }
}
