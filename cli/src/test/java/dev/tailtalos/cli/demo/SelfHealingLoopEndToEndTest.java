package dev.tailtalos.cli.demo;

import dev.tailtalos.cli.config.RenderRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.kafka.TopicLog;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.HealthCheck;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.NodeHealth;
import dev.tailtalos.proto.events.v1.NodeObserved;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import dev.tailtalos.sim.SimulatedNode;
import dev.tailtalos.sim.TailnetDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-healing loop on the embedded stack: each node's ext-tailscale joins the simulator's tailnet during the first
 * rollout and serves on 127.100.x.y; the Tailscale API stand-in lists it with its 100.x address and MagicDNS name; the
 * monitor emits node.observed (the SAN check warns meanwhile); config-service re-renders certSANs and requests a
 * rollout of that node; the node's certificate then carries the address and name, and the monitor's tailnet
 * certificate check passes. The simulated tailnet hands out loopback Tailscale IPs (127.100.20.n), so the certificate
 * the applied config asks for can be verified by dialing them; the simulator itself adds no tailnet address to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SelfHealingLoopEndToEndTest {
    private static final String AUTHKEY = "tskey-auth-kHEAL" + UUID.randomUUID().toString().replace("-", "");
    private static final String TAILNET = EmbeddedStack.TAILNET_DOMAIN;
    private static final List<String> NODES = List.of("k8s-1", "k8s-2", "k8s-3");
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);
    private final Map<String, String> healingRollouts = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private Path dataDir;
    private String apiToken;
    private EmbeddedStack stack;
    private String firstRollout;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("tailtalos-heal-e2e-");
        Files.createDirectories(dataDir.resolve("logs"));
        DemoCommand.configureLogging(dataDir.resolve("logs"));
        // the demo's own wiring: simulated tailnet, Tailscale API stand-in, monitor pointed at it
        stack = EmbeddedStack.start(new EmbeddedStack.Options(dataDir, Path.of("../examples/homelab"), AUTHKEY,
                "127.0.20.1"), out);
        apiToken = Files.readString(dataDir.resolve("keys/tailscale-api.token")).strip();
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        org.springframework.util.FileSystemUtils.deleteRecursively(dataDir);
    }

    @Test
    @Order(1)
    void theFirstRolloutCompletesWhileTheSanCheckWarnsThatSelfHealingIsUnderWay() throws Exception {
        firstRollout = stack.requestRollout("e2e-test", "self-healing loop test");
        assertThat(finalStatus(firstRollout).getState()).as(log()).isEqualTo("COMPLETED");
        for (String node : NODES) {
            TailnetDevice device = device(node);
            assertThat(stack.simulator().node(node).tailnetEndpoint()).as(node + " serves on its tailnet address")
                    .contains(device.address() + ":" + stack.simulator().node(node).port());
            NodeHealth health = health(firstRollout, node);
            HealthCheck sans = check(health, "tailnet-cert-sans");
            assertThat(sans.getResult()).as(node + ": " + sans).isEqualTo("WARN");
            assertThat(sans.getDetail()).contains("lacks " + device(node).tailscaleAddress() + " and "
                    + magicDnsName(node), "self-healing");
            HealthCheck overTailnet = check(health, "tailnet-talos-api");
            assertThat(overTailnet.getResult()).as(overTailnet.toString()).isEqualTo("WARN");
            assertThat(overTailnet.getDetail()).contains("x509: certificate is valid for ", ", not "
                    + device(node).tailscaleAddress(), "self-healing");
            assertThat(check(health, "tailscale-extension").getResult()).isEqualTo("PASS");
            assertThat(check(health, "tailnet-mtu-large-payload").getResult()).as(check(health,
                    "tailnet-mtu-large-payload").toString()).isEqualTo("PASS");
        }
    }

    @Test
    @Order(2)
    void theMonitorObservesEachNodeOnceWithItsTailnetAddressAndMagicDnsName() throws Exception {
        for (String node : NODES) {
            List<EventEnvelope> observed = events(Topics.NODE_OBSERVED, e -> EventEnvelopes.payload(e, NodeObserved.class)
                    .getNodeId().equals(node));
            assertThat(observed).as(node).hasSize(1);
            NodeObserved o = EventEnvelopes.payload(observed.get(0), NodeObserved.class);
            assertThat(o.getSource()).isEqualTo("tailscale-api");
            assertThat(o.getTailnetAddressesList()).containsExactly(device(node).tailscaleAddress());
            assertThat(o.getDnsNamesList()).containsExactly(magicDnsName(node));
        }
    }

    @Test
    @Order(3)
    void configServiceRequestsARolloutOfEachObservedNodeAfterTheObservation() throws Exception {
        for (String node : NODES) {
            EventEnvelope observed = events(Topics.NODE_OBSERVED, e -> EventEnvelopes.payload(e, NodeObserved.class)
                    .getNodeId().equals(node)).get(0);
            EventEnvelope requested = await("config-service's rollout of " + node, () -> events(Topics.ROLLOUT_REQUESTED,
                    e -> {
                        RolloutRequested r = EventEnvelopes.payload(e, RolloutRequested.class);
                        return r.getRequestedBy().equals("config-service") && r.getNodeIdsList().equals(List.of(node));
                    }).stream().findFirst());
            RolloutRequested r = EventEnvelopes.payload(requested, RolloutRequested.class);
            assertThat(r.getReason()).contains(node, "joined the tailnet", device(node).tailscaleAddress(),
                    magicDnsName(node));
            assertThat(at(requested)).as("requested after the observation").isAfterOrEqualTo(at(observed));
            healingRollouts.put(node, r.getRolloutId());
        }
        assertThat(healingRollouts).hasSize(3);
    }

    @Test
    @Order(4)
    void theRolloutAppliesCertSansWithTheTailnetIdentityAndTheNodeServesThem() throws Exception {
        for (String node : NODES) {
            String rollout = healingRollouts.get(node);
            RolloutStatus status = finalStatus(rollout);
            assertThat(status.getState()).as(log()).isEqualTo("COMPLETED");
            assertThat(status.getNodesTotal()).isEqualTo(1);
            EventEnvelope requested = events(Topics.ROLLOUT_REQUESTED, e -> e.getCorrelationId().equals(rollout)).get(0);
            EventEnvelope applied = events(Topics.NODE_APPLIED, e -> e.getCorrelationId().equals(rollout)
                    && EventEnvelopes.payload(e, NodeApplied.class).getNodeId().equals(node)).get(0);
            assertThat(at(applied)).as("applied after the request").isAfterOrEqualTo(at(requested));

            SimulatedNode simulated = stack.simulator().node(node);
            String address = device(node).tailscaleAddress();
            String name = magicDnsName(node);
            assertThat(simulated.appliedConfig().orElseThrow()).as("rendered certSANs")
                    .containsPattern("certSANs:[\\s\\S]*- " + java.util.regex.Pattern.quote(address))
                    .containsPattern("certSANs:[\\s\\S]*- " + java.util.regex.Pattern.quote(name));
            assertThat(sans(simulated.serverCertificate())).as("the served certificate").contains(address, name);
        }
    }

    @Test
    @Order(5)
    void theMonitorsTailnetCertificateCheckThenPassesOverTheLoopbackTailnetEndpoint() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String node : NODES) {
            String rollout = healingRollouts.get(node);
            NodeHealth health = health(rollout, node);
            EventEnvelope applied = events(Topics.NODE_APPLIED, e -> e.getCorrelationId().equals(rollout)).get(0);
            EventEnvelope reported = events(Topics.NODE_HEALTH, e -> e.getCorrelationId().equals(rollout)).get(0);
            assertThat(at(reported)).as("health after the apply").isAfterOrEqualTo(at(applied));
            assertThat(health.getHealthy()).as(health.toString()).isTrue();
            HealthCheck sans = check(health, "tailnet-cert-sans");
            assertThat(sans.getResult()).as(sans.toString()).isEqualTo("PASS");
            assertThat(sans.getDetail()).contains("certificate names " + device(node).tailscaleAddress() + " and "
                    + magicDnsName(node));
            HealthCheck overTailnet = check(health, "tailnet-talos-api");
            assertThat(overTailnet.getResult()).as(overTailnet.toString()).isEqualTo("PASS");
            assertThat(overTailnet.getDetail()).as("dialed on loopback, certificate verified")
                    .contains("at 127.100.20.", "certificate verified");
            for (String name : List.of("tailscale-device", "tailnet-mtu-large-payload", "tailscale-authkey")) {
                assertThat(check(health, name).getResult()).as(check(health, name).toString()).isEqualTo("PASS");
            }

            HttpResponse<String> probe = http.send(HttpRequest.newBuilder(URI.create(stack.monitorUrl()
                    + "api/v1/probes/" + node)).POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + java.nio.file.Files.readString(stack.monitorTokenFile()).strip())
                    .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(probe.statusCode()).as(probe.body()).isEqualTo(200);
            JsonNode now = json.readTree(probe.body());
            assertThat(now.get("healthy").asBoolean()).as(probe.body()).isTrue();
            for (JsonNode c : now.get("checks")) {
                if (c.get("name").asText().equals("tailnet-cert-sans")) {
                    assertThat(c.get("result").asText()).isEqualTo("PASS");
                }
            }
        }
        for (EventEnvelope e : events(Topics.NODE_HEALTH, e -> true)) {
            assertThat(EventEnvelopes.payload(e, NodeHealth.class).getChecksList()).allSatisfy(c ->
                    assertThat(c.getDetail()).doesNotContain("refus").doesNotContain(apiToken));
        }
    }

    @Test
    @Order(6)
    void renderDiffAgainstTheChainRendersTheObservedTailnetNamesAndFindsNothingToChange() throws Exception {
        for (String node : NODES) {
            assertThat(finalStatus(healingRollouts.get(node)).getState()).isEqualTo("COMPLETED");
        }
        RenderRun run = RenderRun.of(Map.of("HOME", dataDir.toString()), "../examples/homelab", "--diff",
                "--bootstrap-servers", stack.bootstrapServers(), "--seal-key-file",
                dataDir.resolve("keys/seal.key").toString());
        String printed = run.out();
        assertThat(run.code()).as(run.err()).isZero();
        for (String node : NODES) {
            // the last sealed config of each node is its healing rollout's, with the tailnet SANs
            assertThat(printed).as(printed).contains("homelab-" + node + ".yaml: no change against the config sealed in"
                    + " rollout " + healingRollouts.get(node));
        }
        assertThat(printed + run.err()).doesNotContain(AUTHKEY).doesNotContain(apiToken);
    }

    private static String magicDnsName(String node) {
        return node + "." + TAILNET;
    }

    private TailnetDevice device(String node) {
        return stack.simulator().node(node).tailnetDevice().orElseThrow(() -> new AssertionError(node
                + " is not on the tailnet\n" + log()));
    }

    private RolloutStatus finalStatus(String rolloutId) throws Exception {
        try (RolloutWatcher watcher = new RolloutWatcher(stack.bootstrapServers(), rolloutId, out)) {
            return watcher.finalStatus().get(120, TimeUnit.SECONDS);
        }
    }

    private NodeHealth health(String rolloutId, String node) throws Exception {
        EventEnvelope e = await("node.health of " + node + " in " + rolloutId, () -> events(Topics.NODE_HEALTH,
                h -> h.getCorrelationId().equals(rolloutId)
                        && EventEnvelopes.payload(h, NodeHealth.class).getNodeId().equals(node)).stream().findFirst());
        return EventEnvelopes.payload(e, NodeHealth.class);
    }

    private static HealthCheck check(NodeHealth health, String name) {
        return health.getChecksList().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }

    private static Instant at(EventEnvelope e) {
        return Instant.ofEpochSecond(e.getOccurredAt().getSeconds(), e.getOccurredAt().getNanos());
    }

    private static List<String> sans(X509Certificate certificate) throws Exception {
        List<String> out = new ArrayList<>();
        certificate.getSubjectAlternativeNames().forEach(san -> out.add(String.valueOf(san.get(1))));
        return out;
    }

    private String log() {
        return progress.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface Lookup<T> {
        Optional<T> find() throws Exception;
    }

    private static <T> T await(String what, Lookup<T> lookup) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Optional<T> found = lookup.find();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Every envelope on the topic so far that matches. */
    private List<EventEnvelope> events(String topic, Predicate<EventEnvelope> filter) {
        List<EventEnvelope> found = new ArrayList<>(TopicLog.records(stack.bootstrapServers(), topic).stream()
                .map(r -> EventEnvelopes.parse(r.value())).filter(filter).toList());
        found.sort(java.util.Comparator.comparing(SelfHealingLoopEndToEndTest::at));
        return found;
    }
}
