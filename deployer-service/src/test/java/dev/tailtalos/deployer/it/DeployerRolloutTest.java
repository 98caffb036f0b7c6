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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployer against a real broker and simulated nodes over mTLS, with the simulator's own faults: error rates,
 * lost apply replies, latency, crashes, slow reboots, refused configs and unknown schematics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployerRolloutTest {
    private static final List<String> WORKERS = IntStream.range(0, 100).mapToObj(i -> String.format("w%03d", i)).toList();
    private DeployerFixture fx;

    @BeforeAll
    void start() throws Exception {
        List<String> nodes = new ArrayList<>(WORKERS);
        nodes.addAll(List.of("cph1", "h2", "r1", "r2", "r3", "r4", "r5", "r6", "x1", "x2", "x3", "x4", "p1", "p2",
                "p3", "u1", "u2", "u3"));
        fx = new DeployerFixture(nodes);
        fx.startDeployer(DeployerFixture.props("tailtalos.deployer.apply.max-attempts", "10",
                "tailtalos.deployer.workers", "24"));
    }

    @AfterEach
    void resetFaults() {
        fx.simulator().nodes().forEach(n -> n.faults().clear());
        fx.health().neverHealthy.clear();
        fx.health().silence(a -> false);
    }

    @AfterAll
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void hundredNodesWithTwentyPercentTransientFailuresConvergeWithEveryNodeAppliedExactlyOnce() {
        // Every call to every node fails with UNAVAILABLE one time in five (before the node handles it), and every
        // fifth node loses the reply of the apply it carried out.
        for (int i = 0; i < WORKERS.size(); i++) {
            SimulatedNode node = fx.simulator().node(WORKERS.get(i));
            node.faults().errorRate("*", 0.2).loseApplyReplies(i % 5 == 0 ? 1 : 0);
        }
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
        assertThat(audit(id, "node.apply")).filteredOn(r -> r.getDetailsMap().containsKey("lost_reply")).hasSize(20)
                .allSatisfy(r -> assertThat(r.getDetailsMap().get("lost_reply")).contains("COSI MachineConfig sha256"));
        // The unsealed config (it may hold secrets) appears in no event, status or audit record.
        for (String topic : List.of(Topics.NODE_APPLIED, Topics.NODE_APPLY_FAILED, Topics.ROLLOUT_STATUS, Topics.AUDIT)) {
            assertThat(fx.records(topic)).allSatisfy(r -> assertThat(new String(r.value(),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).as(topic).doesNotContain("nodeLabels"));
        }
    }

    @Test
    void lostRepliesAndACrashDuringApplyAreResolvedByReadingTheConfigBack() throws Exception {
        fx.simulator().node("x1").faults().loseApplyReplies(1);
        // x2 applies, its reply is lost, and it crashes while the deployer asks what it runs (every call takes
        // 300 ms): the read-back fails, the node is down for 800 ms, then the read-back finds the config.
        SimulatedNode x2 = fx.simulator().node("x2");
        x2.faults().loseApplyReplies(1).latency(Duration.ofMillis(300));
        Thread crasher = new Thread(() -> {
            DeployerFixture.await("x2 applied", Duration.ofSeconds(20), () -> x2.applyCount() == 1);
            x2.crash(Duration.ofMillis(800));
        });
        crasher.start();
        String id = fx.rollout(List.of("x1", "x2"), RolloutRequested.newBuilder().setMaxParallel(2));
        RolloutStatus done = fx.awaitFinal(id, Duration.ofSeconds(30));
        crasher.join(5_000);
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
        assertThat(audit(again, "node.apply")).singleElement().satisfies(r ->
                assertThat(r.getDetailsMap()).containsEntry("read_back", "COSI MachineConfig sha256"));
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
        String base = fx.rollout(List.of("x4"), RolloutRequested.newBuilder());
        assertThat(fx.awaitFinal(base, Duration.ofSeconds(30)).getState()).isEqualTo("COMPLETED");
        // machine.env is outside Talos' no-reboot fields: AUTO resolves to a reboot, which takes 1.5 s.
        fx.simulator().node("x4").rebootDuration(Duration.ofMillis(1500));
        String id = fx.request(RolloutRequested.newBuilder()
                .setHealthTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(20)));
        fx.sealed(id, "x4", 0, 1, (new String(DeployerFixture.config("x4", base), StandardCharsets.UTF_8)
                .replace("machine:\n", "machine:\n  env:\n    SLOW_REBOOT: \"1\"\n")).getBytes(StandardCharsets.UTF_8), "", "");
        RolloutStatus done = fx.awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getState()).as(done.getReason()).isEqualTo("COMPLETED");
        assertThat(fx.simulator().node("x4").applyCount()).isEqualTo(2);
        assertThat(fx.events(Topics.NODE_APPLIED, id, NodeApplied.class)).singleElement()
                .satisfies(a -> assertThat(a.getRebootExpected()).isTrue());
        assertThat(fx.events(Topics.NODE_HEALTH, id, NodeHealth.class))
                .anySatisfy(h -> assertThat(h.getHealthy()).isFalse());
    }

    @Test
    void aPermanentRefusalIsNotRetriedAndFailsTheRollout() {
        String id = fx.request(RolloutRequested.newBuilder());
        // A document without kind that is no v1alpha1 config: machined refuses it (InvalidArgument).
        fx.sealed(id, "x3", 0, 1, "clusterName: oops\n".getBytes(StandardCharsets.UTF_8), "", "");
        RolloutStatus done = fx.awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getState()).isEqualTo("FAILED");
        assertThat(fx.events(Topics.NODE_APPLY_FAILED, id, NodeApplyFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.getPermanent()).isTrue();
            assertThat(f.getAttempts()).isEqualTo(1);
            assertThat(f.getReason()).contains("dry run refused").contains("INVALID_ARGUMENT").contains("missing kind");
        });
        assertThat(fx.simulator().node("x3").applyCount()).isZero();
    }

    @Test
    void aDeployerRestartMidWaveLosesNothingAndAppliesNothingTwice() {
        List<String> nodes = List.of("r1", "r2", "r3", "r4", "r5", "r6");
        nodes.forEach(n -> fx.simulator().node(n).faults().latency(Duration.ofMillis(300)));
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
        assertThat(http(HttpRequest.newBuilder(uri("/api/v1/rollouts/" + id + "/abort"))
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).as("no token").isEqualTo(401);
        assertThat(http(HttpRequest.newBuilder(uri("/api/v1/rollouts/" + id)).header("Authorization",
                "Bearer wrong-token-0123456789").GET().build()).statusCode()).as("wrong token").isEqualTo(401);
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
    void anInstallerImageChangeUpgradesTheNodeWaitsForTheRebootThenApplies() {
        SimulatedNode u1 = fx.simulator().node("u1");
        u1.rebootDuration(Duration.ofMillis(1000));
        String image = "factory.talos.dev/metal-installer/" + DeployerFixture.UPGRADE_SCHEMATIC + ":v1.10.5";
        String id = fx.request(RolloutRequested.newBuilder()
                .setUpgradeTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(60)));
        fx.sealed(id, "u1", 0, 1, DeployerFixture.config("u1", id), image, "v1.10.5");
        RolloutStatus done = fx.awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getState()).as(done.getReason()).isEqualTo("COMPLETED");
        assertThat(u1.talosVersion()).isEqualTo("v1.10.5");
        assertThat(u1.schematicId()).isEqualTo(DeployerFixture.UPGRADE_SCHEMATIC);
        assertThat(u1.extensions()).contains(DeployerFixture.ISCSI);
        assertThat(u1.applyCount()).isEqualTo(1);
        assertThat(fx.events(Topics.NODE_APPLIED, id, NodeApplied.class)).singleElement()
                .satisfies(a -> assertThat(a.getUpgradedTo()).isEqualTo(image));
        List<String> waits = fx.events(Topics.ROLLOUT_STATUS, id, RolloutStatus.class).stream()
                .flatMap(s -> s.getNodesList().stream()).map(NodeStatus::getWaitReason).toList();
        assertThat(waits).anySatisfy(w -> assertThat(w).matches(java.util.regex.Pattern.quote("upgrading to " + image)
                + ", rebooting, \\d+ s of 60 s"));
        assertThat(audit(id, "node.upgrade")).extracting(AuditRecord::getOutcome).containsExactly("REQUESTED", "UPGRADED");
        assertThat(audit(id, "node.upgrade").get(1).getDetailsMap()).containsEntry("to",
                "v1.10.5, schematic " + DeployerFixture.UPGRADE_SCHEMATIC.substring(0, 12))
                .containsEntry("reboot_seen", "true");

        // The same image again: the node runs it, no second upgrade.
        String again = fx.request(RolloutRequested.newBuilder());
        fx.sealed(again, "u1", 0, 1, DeployerFixture.config("u1", again), image, "v1.10.5");
        assertThat(fx.awaitFinal(again, Duration.ofSeconds(30)).getState()).isEqualTo("COMPLETED");
        assertThat(audit(again, "node.upgrade")).isEmpty();
        assertThat(u1.applyCount()).isEqualTo(2);
    }

    @Test
    void anUpgradeToAnUnknownSchematicFailsClearlyAndHaltsTheRollout() {
        String unknown = "f".repeat(64);
        String image = "factory.talos.dev/metal-installer/" + unknown + ":v1.10.5";
        String id = fx.request(RolloutRequested.newBuilder());
        fx.sealed(id, "u2", 0, 2, DeployerFixture.config("u2", id), image, "v1.10.5");
        fx.sealed(id, "u3", 1, 2, DeployerFixture.config("u3", id), image, "v1.10.5");
        RolloutStatus done = fx.awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getState()).isEqualTo("FAILED");
        assertThat(done.getReason()).contains("u2").contains("upgrade refused")
                .contains("schematic " + unknown + " not found in the image factory");
        assertThat(fx.simulator().node("u2").talosVersion()).isEqualTo("v1.10.4");
        assertThat(fx.simulator().node("u2").applyCount()).isZero();
        assertThat(fx.simulator().node("u3").applyCount()).as("u3 is in the wave after u2").isZero();
        assertThat(fx.events(Topics.NODE_APPLY_FAILED, id, NodeApplyFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.getPermanent()).isTrue());
        assertThat(audit(id, "node.upgrade")).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo("FAILED");
            assertThat(r.getDetailsMap()).containsEntry("image", image);
        });
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
        return http(HttpRequest.newBuilder(uri("/api/v1/rollouts/" + id)).header("Authorization", "Bearer "
                + fx.apiToken()).GET().build());
    }

    private HttpResponse<String> post(String id, String command) {
        return http(HttpRequest.newBuilder(uri("/api/v1/rollouts/" + id + "/" + command))
                .header("Authorization", "Bearer " + fx.apiToken()).POST(HttpRequest.BodyPublishers.noBody()).build());
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
