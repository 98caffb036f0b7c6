package dev.tailtalos.deployer.it;

import com.google.protobuf.Message;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.crypto.KeyFiles;
import dev.tailtalos.common.crypto.LocalKeyWrapper;
import dev.tailtalos.common.crypto.Sha256;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.kafka.TopicLog;
import dev.tailtalos.deployer.app.DeployerServiceApplication;
import dev.tailtalos.proto.events.v1.ConfigSealed;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.HealthCheck;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.NodeHealth;
import dev.tailtalos.proto.events.v1.NodeRef;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.sim.Extension;
import dev.tailtalos.sim.NodeOptions;
import dev.tailtalos.sim.NodeSimulator;
import dev.tailtalos.sim.SchematicRegistry;
import dev.tailtalos.sim.NodeSpec;
import dev.tailtalos.sim.SimulatedNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A real KRaft broker, simulated Talos nodes over mTLS, and the deployer as a Spring Boot app that can be stopped and
 * started again on the same broker. The monitor is replaced by a health responder that answers node.applied with
 * node.health from what the simulated node really runs.
 */
final class DeployerFixture implements AutoCloseable {
    static final String CONTROL_PLANE_PREFIX = "cp";
    private final EmbeddedKafkaKraftBroker broker;
    private final NodeSimulator simulator;
    private final Path dir;
    private final Path talosconfig;
    private final Path sealKey;
    private final EnvelopeSealer sealer;
    private final KafkaProducer<String, byte[]> producer;
    private final EventEnvelopes envelopes = new EventEnvelopes("test", Clock.systemUTC());
    /** A schematic the simulated Image Factory knows besides the one the nodes boot from (tailscale + iscsi-tools). */
    static final String UPGRADE_SCHEMATIC = "1b1e4a3f2c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f80";
    static final Extension ISCSI = new Extension("iscsi-tools", "v0.2.0", "Sidero Labs",
            "This system extension provides iSCSI tools.");
    private final HealthResponder health;
    private ConfigurableApplicationContext deployer;

    DeployerFixture(List<String> nodeIds) throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.brokerProperty("auto.create.topics.enable", "true");
        // the audit writers are transactional (one writer per chain): a one-broker transaction log
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("transaction.state.log.num.partitions", "3");
        broker.afterPropertiesSet();
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < nodeIds.size(); i++) {
            specs.add(new NodeSpec(nodeIds.get(i), "127.0." + (40 + i / 250) + "." + (1 + i % 250), 0));
        }
        SchematicRegistry schematics = new SchematicRegistry().register(UPGRADE_SCHEMATIC,
                List.of(Extension.TAILSCALE, ISCSI), "customization:\n    systemExtensions:\n"
                        + "        officialExtensions:\n            - siderolabs/iscsi-tools\n"
                        + "            - siderolabs/tailscale\n");
        simulator = new NodeSimulator(specs, CertificateAuthority.generateOsCa(), SimulatedNode.DEFAULT_TALOS_VERSION,
                NodeOptions.defaults().withSchematics(schematics).withRebootDuration(Duration.ofMillis(500)));
        simulator.start();
        dir = Files.createTempDirectory("tailtalos-deployer-it-");
        talosconfig = dir.resolve("talosconfig");
        simulator.writeTalosconfig(talosconfig, "it");
        sealKey = dir.resolve("seal.key");
        KeyFiles.loadOrCreate(sealKey);
        sealer = new EnvelopeSealer(LocalKeyWrapper.fromFile(sealKey));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        health = new HealthResponder();
    }

    String bootstrap() {
        return broker.getBrokersAsString();
    }

    NodeSimulator simulator() {
        return simulator;
    }

    HealthResponder health() {
        return health;
    }

    ConfigurableApplicationContext startDeployer(Map<String, String> extra) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.config.name", "deployer-service");
        props.put("spring.kafka.bootstrap-servers", bootstrap());
        props.put("tailtalos.talosconfig", talosconfig.toString());
        props.put("tailtalos.seal.key-file", sealKey.toString());
        props.put("tailtalos.dial.loopback-only", "true");
        props.put("tailtalos.nodes.endpoints", String.join(",", simulator.nodes().stream()
                .map(n -> n.hostname() + "=" + n.endpoint()).toList()));
        props.put("tailtalos.deployer.apply.initial-backoff", "20ms");
        props.put("tailtalos.deployer.tick-interval", "100ms");
        props.put("tailtalos.deployer.upgrade.poll-interval", "100ms");
        props.put("tailtalos.deployer.circuit-open-for", "1s");
        props.put("tailtalos.kafka.retry.initial-ms", "20");
        props.put("server.port", "0");
        props.put("server.address", "127.0.0.1");
        props.put("tailtalos.deployer.api-token-file", apiTokenFile().toString());
        props.putAll(extra);
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        deployer = new SpringApplicationBuilder(DeployerServiceApplication.class)
                .web(WebApplicationType.SERVLET)
                .registerShutdownHook(false)
                .run(args);
        return deployer;
    }

    void stopDeployer() {
        if (deployer != null) {
            deployer.close();
            deployer = null;
        }
    }

    /** The deployer API's bearer token file (written on first use, as the deployer would). */
    java.nio.file.Path apiTokenFile() {
        return sealKey.resolveSibling("deployer-api.token");
    }

    String apiToken() {
        try {
            return java.nio.file.Files.readString(apiTokenFile()).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int httpPort() {
        return Integer.parseInt(deployer.getEnvironment().getProperty("local.server.port"));
    }

    /** Publishes rollout.requested and one config.sealed per node (control planes are the ids starting "cp"). */
    String rollout(List<String> nodeIds, RolloutRequested.Builder request) {
        String rolloutId = "ro-" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.ROLLOUT_REQUESTED, rolloutId, request.setRolloutId(rolloutId).setRequestedBy("it").build(),
                rolloutId);
        for (int i = 0; i < nodeIds.size(); i++) {
            sealed(rolloutId, nodeIds.get(i), i, nodeIds.size(), rolloutId);
        }
        return rolloutId;
    }

    void sealed(String rolloutId, String nodeId, int index, int count, String flavour) {
        sealed(rolloutId, nodeId, index, count, config(nodeId, flavour), "", "");
    }

    /** config.sealed with these config bytes and, when not blank, the installer image the node should run. */
    void sealed(String rolloutId, String nodeId, int index, int count, byte[] config, String installerImage,
                String talosVersion) {
        String digest = Sha256.hex(config);
        ConfigSealed sealed = ConfigSealed.newBuilder().setRolloutId(rolloutId)
                .setNode(NodeRef.newBuilder().setNodeId(nodeId).setControlPlane(nodeId.startsWith(CONTROL_PLANE_PREFIX)))
                .setSealedConfig(sealer.seal(config, (rolloutId + "/" + nodeId).getBytes(StandardCharsets.UTF_8)))
                .setConfigDigest(digest).setNodeIndex(index).setNodeCount(count)
                .setInstallerImage(installerImage).setTalosVersion(talosVersion).build();
        send(Topics.CONFIG_SEALED, nodeId, sealed, rolloutId);
    }

    /** Publishes rollout.requested for these nodes; the caller publishes their config.sealed. */
    String request(RolloutRequested.Builder request) {
        String rolloutId = "ro-" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.ROLLOUT_REQUESTED, rolloutId, request.setRolloutId(rolloutId).setRequestedBy("it").build(),
                rolloutId);
        return rolloutId;
    }

    static byte[] config(String nodeId, String flavour) {
        return ("version: v1alpha1\nmachine:\n  type: " + (nodeId.startsWith(CONTROL_PLANE_PREFIX) ? "controlplane"
                : "worker") + "\n  nodeLabels:\n    tailtalos.dev/config: " + flavour + "\ncluster:\n  clusterName: it\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    EventEnvelope send(String topic, String key, Message payload, String rolloutId) {
        EventEnvelope env = envelopes.wrap(payload, rolloutId, "");
        sendRaw(topic, key, env.toByteArray());
        return env;
    }

    void sendRaw(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record of a topic from the beginning to its current end. */
    List<ConsumerRecord<String, byte[]>> records(String topic) {
        return TopicLog.records(bootstrap(), topic);
    }

    <T extends Message> List<T> events(String topic, String rolloutId, Class<T> type) {
        return records(topic).stream().map(r -> EventEnvelopes.parse(r.value()))
                .filter(e -> e.getCorrelationId().equals(rolloutId)).map(e -> EventEnvelopes.payload(e, type))
                .toList();
    }

    RolloutStatus awaitFinal(String rolloutId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RolloutStatus last = null;
        while (System.nanoTime() < deadline) {
            List<RolloutStatus> statuses = events(Topics.ROLLOUT_STATUS, rolloutId, RolloutStatus.class);
            if (!statuses.isEmpty()) {
                last = statuses.get(statuses.size() - 1);
                for (RolloutStatus s : statuses) {
                    if (!s.getState().equals("RUNNING")) {
                        return s;
                    }
                }
            }
            sleep(200);
        }
        throw new AssertionError("rollout " + rolloutId + " did not finish within " + timeout + "; last status: "
                + last);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        stopDeployer();
        health.close();
        producer.close();
        simulator.close();
        broker.destroy();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir);
    }

    /**
     * Stands in for monitor-service: answers each node.applied with node.health once the simulated node runs that
     * config and is up; nodes listed as never healthy get an unhealthy report (ext-tailscale waiting) instead.
     */
    final class HealthResponder implements AutoCloseable {
        final Set<String> neverHealthy = ConcurrentHashMap.newKeySet();
        private final Map<String, Integer> reportsByNode = new ConcurrentHashMap<>();
        private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::run, "health-responder");
        private volatile Predicate<NodeApplied> silent = a -> false;

        HealthResponder() {
            thread.setDaemon(true);
            thread.start();
        }

        /** node.applied events for which no health is reported at all. */
        void silence(Predicate<NodeApplied> silent) {
            this.silent = silent;
        }

        private void run() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> parts = new ArrayList<>();
                while (parts.isEmpty() && running.get()) {
                    var infos = c.partitionsFor(Topics.NODE_APPLIED, Duration.ofSeconds(10));
                    if (infos != null) {
                        infos.forEach(p -> parts.add(new TopicPartition(Topics.NODE_APPLIED, p.partition())));
                    }
                }
                c.assign(parts);
                c.seekToBeginning(parts);
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                        EventEnvelope env = EventEnvelopes.parse(r.value());
                        NodeApplied applied = EventEnvelopes.payload(env, NodeApplied.class);
                        if (!silent.test(applied)) {
                            scheduler.execute(() -> respond(applied, env, 0));
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException | IllegalStateException e) {
                // closing
            }
        }

        private void respond(NodeApplied applied, EventEnvelope cause, int attempt) {
            if (!running.get()) {
                return;
            }
            String nodeId = applied.getNodeId();
            SimulatedNode node = simulator.node(nodeId);
            boolean up = node.isServing() && node.stage() == SimulatedNode.Stage.RUNNING;
            boolean runs = node.lastAppliedDigest().map(d -> d.equals(applied.getConfigDigest())).orElse(false);
            if (neverHealthy.contains(nodeId)) {
                report(applied, cause, false, List.of(check("talos-api", true, "Version ok"),
                        check("ext-tailscale", false, "Waiting, health unknown")));
                return;
            }
            if (up && runs) {
                report(applied, cause, true, List.of(check("talos-api", true, "Version ok"),
                        check("ext-tailscale", true, "Running, healthy")));
            } else if (attempt < 200) {
                if (attempt == 0) {
                    report(applied, cause, false, List.of(check("talos-api", up, up ? "Version ok" : "rebooting")));
                }
                scheduler.schedule(() -> respond(applied, cause, attempt + 1), 100, TimeUnit.MILLISECONDS);
            }
        }

        private void report(NodeApplied applied, EventEnvelope cause, boolean healthy, List<HealthCheck> checks) {
            reportsByNode.merge(applied.getNodeId(), 1, Integer::sum);
            NodeHealth h = NodeHealth.newBuilder().setRolloutId(applied.getRolloutId()).setNodeId(applied.getNodeId())
                    .setHealthy(healthy).addAllChecks(checks).setConfigDigest(applied.getConfigDigest()).build();
            EventEnvelope env = new EventEnvelopes("monitor-stand-in", Clock.systemUTC()).wrap(h,
                    applied.getRolloutId(), cause.getEventId());
            sendRaw(Topics.NODE_HEALTH, applied.getNodeId(), env.toByteArray());
        }

        private HealthCheck check(String name, boolean ok, String detail) {
            return HealthCheck.newBuilder().setName(name).setOk(ok).setDetail(detail).build();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            scheduler.shutdownNow();
            thread.join(5_000);
        }
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
