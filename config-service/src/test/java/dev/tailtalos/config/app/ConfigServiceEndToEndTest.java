package dev.tailtalos.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.adapters.NodeObservedListener;
import dev.tailtalos.config.domain.TailnetObservations;
import dev.tailtalos.config.domain.WebhookSignature;
import dev.tailtalos.proto.events.v1.ConfigRendered;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeObserved;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * config-service on a real (embedded KRaft) broker with its HTTP server on loopback: a node observed on the tailnet
 * gets its address into certSANs through rollout.requested → config.rendered, and the HTTP triggers emit
 * rollout.requested with who and why.
 */
class ConfigServiceEndToEndTest {

    private static final String TOKEN = "test-api-token-" + UUID.randomUUID();
    private static final String WEBHOOK_SECRET = "test-webhook-secret";
    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext context;
    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> consumer;
    private static final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    private static String baseUrl;
    private static final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    static Path temp;
    private static Path repo;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.ALL.toArray(String[]::new));
        // the audit writers are transactional (one writer per chain): a one-broker transaction log
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("transaction.state.log.num.partitions", "3");
        broker.afterPropertiesSet();
        repo = temp.resolve("homelab");
        copy(Path.of("..", "examples", "homelab"), repo);
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()), new StringSerializer(),
                new ByteArraySerializer());
        // an observation from before the service started: rebuilt from the topic, triggers nothing
        publishObserved("k8s-1", List.of("100.64.0.11"), List.of("k8s-1.tail1234.ts.net."));
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.ROLLOUT_REQUESTED, Topics.CONFIG_RENDERED, Topics.ROLLOUT_STATUS));
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        context = new SpringApplicationBuilder(ConfigServiceApplication.class).run(
                "--spring.config.name=config-service",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--server.port=0", "--server.address=127.0.0.1",
                "--tailtalos.config.cluster-repo=" + repo,
                "--tailtalos.config.api-token-file=" + tokenFile(TOKEN),
                "--tailtalos.config.webhook-secret=" + WEBHOOK_SECRET,
                "--tailtalos.config.max-body-bytes=4096",
                "--spring.main.banner-mode=off");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        baseUrl = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (consumer != null) {
            consumer.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void aNodeObservedOnTheTailnetGetsItsAddressIntoCertSans() throws Exception {
        assertThat(context.getBean(TailnetObservations.class).of("k8s-1")).isPresent();

        publishObserved("k8s-2", List.of("100.64.0.12", "fd7a:115c:a1e0::12"), List.of("k8s-2.tail1234.ts.net."));

        RolloutRequested request = await(Topics.ROLLOUT_REQUESTED, RolloutRequested.class,
                r -> r.getNodeIdsList().equals(List.of("k8s-2")));
        assertThat(request.getRequestedBy()).isEqualTo("config-service");
        assertThat(request.getReason()).contains("k8s-2").contains("100.64.0.12");
        assertThat(request.getOnConflict()).as("a follow-up queues behind the rollout that caused it").isEqualTo("queue");
        ConfigRendered rendered = await(Topics.CONFIG_RENDERED, ConfigRendered.class,
                r -> r.getRolloutId().equals(request.getRolloutId()));
        assertThat(rendered.getNode().getNodeId()).isEqualTo("k8s-2");
        JsonNode config = new Yaml().readAll("k8s-2", rendered.getConfigTemplate()).get(0);
        assertThat(config.at("/machine/certSANs")).extracting(JsonNode::asText)
                .contains("100.64.0.12", "fd7a:115c:a1e0::12", "k8s-2.tail1234.ts.net");
        assertThat(config.at("/cluster/apiServer/certSANs")).extracting(JsonNode::asText)
                .contains("100.64.0.12", "k8s-2.tail1234.ts.net");

        // the same observation again is no change: no second rollout
        publishObserved("k8s-2", List.of("100.64.0.12", "fd7a:115c:a1e0::12"), List.of("k8s-2.tail1234.ts.net"));
        publishObserved("k8s-3", List.of("100.64.0.13"), List.of());
        await(Topics.ROLLOUT_REQUESTED, RolloutRequested.class, r -> r.getNodeIdsList().equals(List.of("k8s-3")));
        assertThat(decoded(Topics.ROLLOUT_REQUESTED, RolloutRequested.class)
                .filter(r -> r.getNodeIdsList().equals(List.of("k8s-2"))).count()).isEqualTo(1);
    }

    @Test
    void replayRebuildsObservationsFromTheTopic() {
        TailnetObservations rebuilt = new TailnetObservations();
        assertThat(NodeObservedListener.replay(broker.getBrokersAsString(), rebuilt, Duration.ofSeconds(20))).isPositive();
        assertThat(rebuilt.of("k8s-1").orElseThrow().sans()).containsExactly("100.64.0.11", "k8s-1.tail1234.ts.net");
    }

    @Test
    void rolloutApiNeedsTheBearerToken() throws Exception {
        String body = "{\"reason\": \"new kernel args\", \"nodes\": [\"k8s-3\"], \"requestedBy\": \"alice\"}";
        assertThat(post("/api/v1/rollouts", body, Map.of()).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/rollouts", body, Map.of("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/rollouts", "{\"nodes\": []}", Map.of("Authorization", "Bearer " + TOKEN)).statusCode())
                .isEqualTo(400);
        HttpResponse<String> accepted = post("/api/v1/rollouts", body, Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(accepted.statusCode()).isEqualTo(202);
        RolloutRequested request = await(Topics.ROLLOUT_REQUESTED, RolloutRequested.class,
                r -> r.getReason().equals("new kernel args"));
        assertThat(request.getRequestedBy()).isEqualTo("api:alice");
        assertThat(request.getNodeIdsList()).containsExactly("k8s-3");
        assertThat(accepted.body()).contains(request.getRolloutId());
    }

    @Test
    void gitWebhooksAreVerifiedBeforeTheyTrigger() throws Exception {
        String push = "{\"ref\":\"refs/heads/main\",\"after\":\"0123456789abcdef\",\"repository\":{\"full_name\":\"me/homelab\"},"
                + "\"pusher\":{\"name\":\"bob\"}}";
        String signature = new WebhookSignature(WEBHOOK_SECRET).hex(push.getBytes(StandardCharsets.UTF_8));
        assertThat(post("/api/v1/webhooks/git", push, Map.of("X-GitHub-Event", "push",
                "X-Hub-Signature-256", "sha256=" + "0".repeat(64))).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/webhooks/git", push, Map.of("X-GitHub-Event", "push")).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/webhooks/git", "x".repeat(5000), Map.of("X-GitHub-Event", "push",
                "X-Hub-Signature-256", "sha256=" + signature)).statusCode()).isEqualTo(413);
        assertThat(post("/api/v1/webhooks/git", push, Map.of("X-GitHub-Event", "push",
                "X-Hub-Signature-256", "sha256=" + signature)).statusCode()).as("no delivery id").isEqualTo(400);
        Map<String, String> signed = Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + signature,
                "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(post("/api/v1/webhooks/git", push, signed).statusCode()).isEqualTo(202);
        RolloutRequested github = await(Topics.ROLLOUT_REQUESTED, RolloutRequested.class,
                r -> r.getRequestedBy().equals("webhook:github:bob"));
        assertThat(github.getReason()).isEqualTo("git push to me/homelab refs/heads/main at 0123456 by bob");
        assertThat(github.getTriggerId()).isEqualTo("github:72d3162e-cc78-11e3-81ab-4c9367dc0958");
        for (int replay = 0; replay < 3; replay++) {
            HttpResponse<String> again = post("/api/v1/webhooks/git", push, signed);
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.body()).contains("already received");
        }

        String giteaPush = push.replace("bob", "carol");
        String giteaSignature = new WebhookSignature(WEBHOOK_SECRET).hex(giteaPush.getBytes(StandardCharsets.UTF_8));
        assertThat(post("/api/v1/webhooks/git", giteaPush, Map.of("X-Gitea-Event", "push",
                "X-Gitea-Signature", giteaSignature, "X-Gitea-Delivery", "gitea-1")).statusCode()).isEqualTo(202);
        await(Topics.ROLLOUT_REQUESTED, RolloutRequested.class, r -> r.getRequestedBy().equals("webhook:gitea:carol"));
        // the replays above made no rollout: only the first delivery's is on the topic
        assertThat(decoded(Topics.ROLLOUT_REQUESTED, RolloutRequested.class)
                .filter(r -> r.getRequestedBy().equals("webhook:github:bob")).count()).isEqualTo(1);
    }

    @Test
    void webhookRolloutsTakeTheirPolicyFromTheRepoFileAndBadValuesAreRefusedByFileLineAndField() throws Exception {
        Path file = repo.resolve("tailtalos.yaml");
        try {
            Files.writeString(file, """
                    lint:
                      whatever: belongs to the linter
                    rollout:
                      max_parallel: 4
                      health_timeout: 45s
                      progress_deadline: PT20M
                      on_conflict: queue
                      rollback_on_failure: false
                    """);
            assertThat(webhook("dave", "d-policy-1").statusCode()).isEqualTo(202);
            RolloutRequested r = await(Topics.ROLLOUT_REQUESTED, RolloutRequested.class,
                    x -> x.getRequestedBy().equals("webhook:github:dave"));
            assertThat(r.getMaxParallel()).isEqualTo(4);
            assertThat(r.getHealthTimeout().getSeconds()).isEqualTo(45);
            assertThat(r.getProgressDeadline().getSeconds()).isEqualTo(1200);
            assertThat(r.getOnConflict()).isEqualTo("queue");
            assertThat(r.hasRollbackOnFailure()).isTrue();
            assertThat(r.getRollbackOnFailure()).isFalse();

            Files.writeString(file, "rollout:\n  max_parallel: 2\n  apply_mode: reboot\n");
            HttpResponse<String> refused = webhook("erin", "d-policy-2");
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("tailtalos.yaml:3 rollout.apply_mode: must be one of auto, no-reboot, "
                    + "staged, try, got 'reboot'");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void theApiTakesPolicyFieldsLimitsReposAndCoalescesIdenticalRequests() throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
        HttpResponse<String> ok = post("/api/v1/rollouts", "{\"reason\": \"policy\", \"policy\": {\"max_parallel\": 10,"
                + " \"max_failures\": 0, \"apply_mode\": \"no-reboot\", \"start_paused\": true, \"try_timeout\": \"10m\","
                + " \"upgrade_timeout\": \"PT15M\", \"on_conflict\": \"reject\", \"strategy\": \"waves\"}}", auth);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        RolloutRequested r = await(Topics.ROLLOUT_REQUESTED, RolloutRequested.class, x -> x.getReason().equals("policy"));
        assertThat(r.getMaxParallel()).isEqualTo(10);
        assertThat(r.hasMaxFailures()).isTrue();
        assertThat(r.getApplyMode()).isEqualTo("no-reboot");
        assertThat(r.getStartPaused()).isTrue();
        assertThat(r.getTryTimeout().getSeconds()).isEqualTo(600);
        assertThat(r.getUpgradeTimeout().getSeconds()).isEqualTo(900);
        assertThat(r.getOnConflict()).isEqualTo("reject");

        HttpResponse<String> bad = post("/api/v1/rollouts", "{\"reason\": \"x\", \"policy\": {\"health_timeout\": \"1 hour\"}}",
                auth);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("policy.health_timeout: is not a duration");

        for (String elsewhere : List.of("/etc", repo + "/../../etc", "relative/repo")) {
            HttpResponse<String> refused = post("/api/v1/rollouts", "{\"reason\": \"x\", \"repo\": \"" + elsewhere + "\"}",
                    auth);
            assertThat(refused.statusCode()).as(elsewhere).isEqualTo(403);
            assertThat(refused.body()).contains("is not one of the repos this config-service serves");
        }
        String same = "{\"reason\": \"twice\", \"repo\": \"" + repo + "/./\", \"nodes\": [\"k8s-1\"]}";
        HttpResponse<String> first = post("/api/v1/rollouts", same, auth);
        HttpResponse<String> second = post("/api/v1/rollouts", same, auth);
        assertThat(first.statusCode()).isEqualTo(202);
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(first.body()).get("rolloutId").asText();
        assertThat(second.body()).contains(id).contains("\"coalesced\":true");
    }

    private static HttpResponse<String> webhook(String pusher, String delivery) throws Exception {
        String push = "{\"ref\":\"refs/heads/main\",\"after\":\"fedcba9876543210\",\"repository\":{\"full_name\":"
                + "\"me/homelab\"},\"pusher\":{\"name\":\"" + pusher + "\"}}";
        String signature = new WebhookSignature(WEBHOOK_SECRET).hex(push.getBytes(StandardCharsets.UTF_8));
        return post("/api/v1/webhooks/git", push, Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256",
                "sha256=" + signature, "X-GitHub-Delivery", delivery));
    }

    @Test
    void theRepoLintPolicyDecidesWhichFindingsFailARollout() throws Exception {
        Path golden = Path.of(ConfigServiceEndToEndTest.class.getResource("/golden/fleet-plaintext").toURI());
        // by default a Tailscale key in plain text fails the rollout, naming the file
        Path byDefault = fleetRepo(golden, "fleet-default", null);
        requestRollout("ro-lint-default", byDefault);
        var failed = await(Topics.ROLLOUT_STATUS, dev.tailtalos.proto.events.v1.RolloutStatus.class,
                s -> s.getRolloutId().equals("ro-lint-default"));
        assertThat(failed.getState()).isEqualTo("FAILED");
        assertThat(failed.getReason()).contains("patches/tailscale.yaml:6 environment[0]").contains("[plaintext-auth-key]")
                .doesNotContain("tskey-auth-kFleet");

        // a repo that chooses to only warn about it rolls out, the findings travel with config.rendered
        Path warnOnly = fleetRepo(golden, "fleet-warn", "lint:\n  warn: [plaintext-auth-key]\n  ignore: [state-dir-missing]\n"
                + "rollout:\n  maxParallel: 2   # read by the rollout part of tailtalos, not by lint\n");
        requestRollout("ro-lint-warn", warnOnly);
        ConfigRendered rendered = await(Topics.CONFIG_RENDERED, ConfigRendered.class,
                r -> r.getRolloutId().equals("ro-lint-warn"));
        assertThat(rendered.getLintWarningsList()).anyMatch(w -> w.contains("[plaintext-auth-key]"))
                .anyMatch(w -> w.contains("[kubelet-subnets-include-tailnet]"))
                .noneMatch(w -> w.contains("[state-dir-missing]"))
                .noneMatch(w -> w.contains("tskey-auth-kFleet"));

        // an unknown rule id refuses the policy with file, field and line
        Path typo = fleetRepo(golden, "fleet-typo", "lint:\n  block:\n    - plaintext-auth-keys\n");
        requestRollout("ro-lint-typo", typo);
        var refused = await(Topics.ROLLOUT_STATUS, dev.tailtalos.proto.events.v1.RolloutStatus.class,
                s -> s.getRolloutId().equals("ro-lint-typo"));
        assertThat(refused.getState()).isEqualTo("FAILED");
        assertThat(refused.getReason()).contains("tailtalos.yaml:3").contains("lint.block[0]")
                .contains("unknown lint rule 'plaintext-auth-keys'");
    }

    private static Path fleetRepo(Path golden, String name, String policy) throws Exception {
        Path repo = temp.resolve(name);
        copy(golden, repo);
        Path talconfig = repo.resolve("talconfig.yaml");
        Files.writeString(talconfig, Files.readString(talconfig).replace("${TALOS_VERSION}", "v1.10.4"));
        if (policy != null) {
            Files.writeString(repo.resolve("tailtalos.yaml"), policy);
        }
        return repo;
    }

    private static void requestRollout(String rolloutId, Path repo) throws Exception {
        EventEnvelope envelope = new EventEnvelopes("test", Clock.systemUTC()).wrap(RolloutRequested.newBuilder()
                .setRolloutId(rolloutId).setClusterRepo(repo.toString()).setRequestedBy("test")
                .setReason("lint policy").build(), rolloutId, "");
        producer.send(new ProducerRecord<>(Topics.ROLLOUT_REQUESTED, rolloutId, envelope.toByteArray())).get();
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void publishObserved(String node, List<String> addresses, List<String> names) throws Exception {
        EventEnvelope envelope = new EventEnvelopes("monitor-service", Clock.systemUTC()).wrap(NodeObserved.newBuilder()
                .setNodeId(node).addAllTailnetAddresses(addresses).addAllDnsNames(names).build(), "", "");
        producer.send(new ProducerRecord<>(Topics.NODE_OBSERVED, node, envelope.toByteArray())).get();
    }

    private static synchronized <T extends com.google.protobuf.Message> T await(String topic, Class<T> type,
                                                                               Predicate<T> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var found = decoded(topic, type).filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        throw new AssertionError("no matching " + type.getSimpleName() + " on " + topic);
    }

    private static synchronized <T extends com.google.protobuf.Message> java.util.stream.Stream<T> decoded(String topic,
                                                                                                           Class<T> type) {
        return new ArrayList<>(seen).stream().filter(r -> r.topic().equals(topic))
                .map(r -> EventEnvelopes.payload(EventEnvelopes.parse(r.value()), type));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static java.nio.file.Path tokenFile(String token) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("config-api-", ".token");
        java.nio.file.Files.writeString(file, token + "\n");
        file.toFile().deleteOnExit();
        return file;
    }
}
