package dev.tailtalos.deployer.it;

import com.google.protobuf.util.JsonFormat;
import dev.tailtalos.common.audit.AuditLogReader;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.AuditRecord;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.NodeApplyFailed;
import dev.tailtalos.proto.events.v1.NodeHealth;
import dev.tailtalos.proto.events.v1.NodeStatus;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import dev.tailtalos.sim.SimulatedNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployer against a real broker and simulated nodes over mTLS, with faults injected on the client side. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployerRolloutTest {
    private static final List<String> WORKERS = IntStream.range(0, 100).mapToObj(i -> String.format("w%03d", i)).toList();
    private DeployerFixture fx;

    @BeforeAll
    void start() throws Exception {
        List<String> nodes = new ArrayList<>(WORKERS);
        nodes.addAll(List.of("cph1", "h2", "r1", "r2", "r3", "r4", "r5", "r6", "x1", "x2", "x3", "x4", "p1", "p2",
                "p3"));
        fx = new DeployerFixture(nodes);
        fx.startDeployer(DeployerFixture.props("tailtalos.deployer.apply.max-attempts", "10",
                "tailtalos.deployer.workers", "24"));
    }

    @AfterEach
    void resetFaults() {
        fx.faults().reset();
        fx.health().neverHealthy.clear();
        fx.health().silence(a -> false);
    }

    @AfterAll
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void hundredNodesWithTwentyPercentTransientFailuresConvergeWithEveryNodeAppliedExactlyOnce() {
        fx.faults().transientRate(0.2);
        String id = fx.rollout(WORKERS, RolloutRequested.newBuilder().setMaxParallel(20));
        RolloutStatus done = fx.awaitFinal(id, Duration.ofSeconds(90));
        assertThat(done.getState()).as(done.getReason()).isEqualTo("COMPLETED");
        assertThat(done.getNodesHealthy()).isEqualTo(100);
        for (String w : WORKERS) {
            assertThat(fx.simulator().node(w).applyCount()).as(w).isEqualTo(1);
        }
        List<NodeApplied> applied = fx.events(Topics.NODE_APPLIED, id, NodeApplied.class);
        assertThat(applied).hasSize(100);
        assertThat(applied).anySatisfy(a -> assertThat(a.getAttempts()).isGreaterThan(1));
        assertThat(audit(id, "node.apply")).anySatisfy(r -> assertThat(r.getDetailsMap()).containsKey("lost_reply"));
        // The unsealed config (it may hold secrets) appears in no event, status or audit record.
        for (String topic : List.of(Topics.NODE_APPLIED, Topics.NODE_APPLY_FAILED, Topics.ROLLOUT_STATUS, Topics.AUDIT)) {
            assertThat(fx.records(topic)).allSatisfy(r -> assertThat(new String(r.value(),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).as(topic).doesNotContain("nodeLabels"));
        }
    }

    @Test
    void lostRepliesAndACrashDuringApplyAreResolvedByReadingTheConfigBack() {
        fx.faults().script("x1", FaultyNodeCalls.Fault.LOST_REPLY);
        fx.faults().script("x2", FaultyNodeCalls.Fault.UNAVAILABLE, FaultyNodeCalls.Fault.CRASH_AFTER_APPLY);
        fx.faults().outage(Duration.ofMillis(800));
        String id = fx.rollout(List.of("x1", "x2"), RolloutRequested.newBuilder());
        RolloutStatus done = fx.awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getState()).as(done.getReason()).isEqualTo("COMPLETED");
        assertThat(fx.simulator().node("x1").applyCount()).isEqualTo(1);
        assertThat(fx.simulator().node("x2").applyCount()).isEqualTo(1);
        assertThat(audit(id, "node.apply")).filteredOn(r -> r.getDetailsMap().containsKey("lost_reply"))
                .extracting(AuditRecord::getNodeId).containsExactlyInAnyOrder("x1", "x2");

        // The same config again: the node already runs it, nothing is applied.
        String again = "ro-again-" + id;
        fx.send(Topics.ROLLOUT_REQUESTED, again, RolloutRequested.newBuilder().setRolloutId(again).build(), again);
        fx.sealed(again, "x1", 0, 1, id);
        assertThat(fx.awaitFinal(again, Duration.ofSeconds(30)).getState()).isEqualTo("COMPLETED");
        assertThat(fx.simulator().node("x1").applyCount()).isEqualTo(1);
        assertThat(fx.events(Topics.NODE_APPLIED, again, NodeApplied.class))
                .singleElement().satisfies(a -> assertThat(a.getSkippedAlreadyApplied()).isTrue());
    }

    @Test
    void aNodeThatNeverBecomesHealthyIsRolledBackToItsLastKnownGoodConfigAndHaltsTheRollout() {
        String good = fx.rollout(List.of("cph1", "h2"), RolloutRequested.newBuilder());
        assertThat(fx.awaitFinal(good, Duration.ofSeconds(30)).getState()).isEqualTo("COMPLETED");
        String goodDigest = fx.simulator().node("cph1").lastAppliedDigest().orElseThrow();

        fx.health().neverHealthy.add("cph1");
        String bad = fx.rollout(List.of("cph1", "h2"), RolloutRequested.newBuilder()
                .setHealthTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(2)));
        RolloutStatus done = fx.awaitFinal(bad, Duration.ofSeconds(30));
        assertThat(done.getState()).isEqualTo("FAILED");
        NodeStatus cp = done.getNodesList().stream().filter(n -> n.getNodeId().equals("cph1")).findFirst().orElseThrow();
        assertThat(cp.getState()).isEqualTo("ROLLED_BACK");
        assertThat(cp.getReason()).contains("not healthy within 2 s").contains("ext-tailscale")
                .contains("rolled back to last-known-good config");
        assertThat(fx.simulator().node("cph1").lastAppliedDigest()).contains(goodDigest);
        assertThat(fx.simulator().node("cph1").applyCount()).isEqualTo(3);
        assertThat(fx.simulator().node("h2").applyCount()).as("h2 is after the failed control plane").isEqualTo(1);
        assertThat(audit(bad, "node.rollback")).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo("ROLLED_BACK");
            assertThat(r.getDetailsMap().get("why")).contains("not healthy within 2 s");
        });
        List<RolloutStatus> statuses = fx.events(Topics.ROLLOUT_STATUS, bad, RolloutStatus.class);
        assertThat(statuses).flatMap(RolloutStatus::getNodesList).extracting(NodeStatus::getWaitReason)
                .anySatisfy(w -> assertThat(w).matches("waiting for health \\(ext-tailscale: Waiting, health unknown\\), \\d+ s of 2 s"));
    }

    @Test
    void aSlowRebootPassesTheHealthGateWithinItsTimeout() {
        fx.faults().rebootOnApply("x4");
        fx.faults().outage(Duration.ofMillis(1500));
        String id = fx.rollout(List.of("x4"), RolloutRequested.newBuilder()
                .setHealthTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(20)));
        RolloutStatus done = fx.awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getState()).as(done.getReason()).isEqualTo("COMPLETED");
        assertThat(fx.events(Topics.NODE_APPLIED, id, NodeApplied.class)).singleElement()
                .satisfies(a -> assertThat(a.getRebootExpected()).isTrue());
        assertThat(fx.events(Topics.NODE_HEALTH, id, NodeHealth.class))
                .anySatisfy(h -> assertThat(h.getHealthy()).isFalse());
    }

    @Test
    void aPermanentRefusalIsNotRetriedAndFailsTheRollout() {
        fx.faults().script("x3", FaultyNodeCalls.Fault.INVALID);
        String id = fx.rollout(List.of("x3"), RolloutRequested.newBuilder());
        RolloutStatus done = fx.awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getState()).isEqualTo("FAILED");
        assertThat(fx.events(Topics.NODE_APPLY_FAILED, id, NodeApplyFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.getPermanent()).isTrue();
            assertThat(f.getAttempts()).isEqualTo(1);
            assertThat(f.getReason()).contains("InvalidArgument".toUpperCase().replace("INVALIDARGUMENT", "INVALID_ARGUMENT"));
        });
        assertThat(fx.simulator().node("x3").applyCount()).isZero();
    }

    @Test
    void aDeployerRestartMidWaveLosesNothingAndAppliesNothingTwice() {
        fx.faults().latency(300);
        List<String> nodes = List.of("r1", "r2", "r3", "r4", "r5", "r6");
        String id = fx.rollout(nodes, RolloutRequested.newBuilder().setMaxParallel(2));
        DeployerFixture.await("first wave applied", Duration.ofSeconds(20),
                () -> fx.simulator().node("r1").applyCount() + fx.simulator().node("r2").applyCount() == 2);
        fx.stopDeployer();
        int appliedWhileUp = nodes.stream().mapToInt(n -> fx.simulator().node(n).applyCount()).sum();
        fx.startDeployer(DeployerFixture.props("tailtalos.deployer.apply.max-attempts", "10",
                "tailtalos.deployer.workers", "24"));
        RolloutStatus done = fx.awaitFinal(id, Duration.ofSeconds(40));
        assertThat(done.getState()).as(done.getReason()).isEqualTo("COMPLETED");
        assertThat(appliedWhileUp).isBetween(2, 5);
        for (String n : nodes) {
            assertThat(fx.simulator().node(n).applyCount()).as(n).isEqualTo(1);
        }
    }

    @Test
    void operatorsPauseResumePromoteAndAbortOverHttp() throws Exception {
        fx.health().silence(a -> a.getNodeId().startsWith("p"));
        String id = fx.rollout(List.of("p1", "p2", "p3"), RolloutRequested.newBuilder().setStartPaused(true));
        DeployerFixture.await("rollout known", Duration.ofSeconds(10), () -> get(id).statusCode() == 200);
        RolloutStatus paused = status(get(id).body());
        assertThat(paused.getPaused()).isTrue();
        assertThat(paused.getNodesList()).allSatisfy(n -> assertThat(n.getWaitReason()).isEqualTo("waiting: rollout paused"));
        assertThat(fx.simulator().node("p1").applyCount()).isZero();

        assertThat(post(id, "resume").statusCode()).isEqualTo(202);
        DeployerFixture.await("p1 waits for health", Duration.ofSeconds(10), () -> status(get(id).body())
                .getNodesList().stream().anyMatch(n -> n.getNodeId().equals("p1") && n.getState().equals("APPLIED")));
        assertThat(status(get(id).body()).getNodesList().get(0).getWaitReason()).matches("waiting for health, \\d+ s of 120 s");
        assertThat(post(id, "promote").statusCode()).isEqualTo(202);
        DeployerFixture.await("p2 applied", Duration.ofSeconds(10), () -> fx.simulator().node("p2").applyCount() == 1);
        assertThat(post(id, "pause").statusCode()).isEqualTo(202);
        assertThat(post(id, "abort?reason=enough").statusCode()).isEqualTo(202);
        RolloutStatus done = fx.awaitFinal(id, Duration.ofSeconds(10));
        assertThat(done.getState()).isEqualTo("ABORTED");
        assertThat(done.getReason()).isEqualTo("aborted by http: enough");
        assertThat(fx.simulator().node("p3").applyCount()).isZero();
        assertThat(post(id, "resume").statusCode()).isEqualTo(409);
        assertThat(post(id, "explode").statusCode()).isEqualTo(400);
        assertThat(get("no-such-rollout").statusCode()).isEqualTo(404);
        assertThat(audit(id, "rollout.promote")).hasSize(1);
    }

    @Test
    void poisonEventsGoToTheDeadLetterTopicAndTheRestCarriesOn() {
        fx.sendRaw(Topics.CONFIG_SEALED, "poison-1", "not a protobuf envelope".getBytes());
        fx.send(Topics.CONFIG_SEALED, "poison-2", NodeHealth.newBuilder().setNodeId("x").build(), "ro-poison");
        String dlt = Topics.CONFIG_SEALED + ".dlt.deployer-service";
        DeployerFixture.await("two dead letters", Duration.ofSeconds(20), () -> fx.records(dlt).size() >= 2);
        assertThat(fx.records(dlt)).extracting(r -> r.key()).contains("poison-1", "poison-2");
    }

    private List<AuditRecord> audit(String rolloutId, String action) {
        DeployerFixture.sleep(300);
        return AuditLogReader.readAll(fx.bootstrap()).stream()
                .filter(r -> r.getRolloutId().equals(rolloutId) && r.getAction().equals(action)).toList();
    }

    private HttpResponse<String> get(String id) {
        return http(HttpRequest.newBuilder(uri("/api/v1/rollouts/" + id)).GET().build());
    }

    private HttpResponse<String> post(String id, String command) {
        return http(HttpRequest.newBuilder(uri("/api/v1/rollouts/" + id + "/" + command))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + fx.httpPort() + path);
    }

    private static HttpResponse<String> http(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RolloutStatus status(String json) {
        try {
            RolloutStatus.Builder b = RolloutStatus.newBuilder();
            JsonFormat.parser().merge(json, b);
            return b.build();
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }
}
