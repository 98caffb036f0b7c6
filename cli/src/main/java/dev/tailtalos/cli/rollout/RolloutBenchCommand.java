package dev.tailtalos.cli.rollout;

import dev.tailtalos.cli.demo.EmbeddedKraftBroker;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.crypto.KeyFiles;
import dev.tailtalos.common.crypto.LocalKeyWrapper;
import dev.tailtalos.common.crypto.Sha256;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.deployer.app.DeployerServiceApplication;
import dev.tailtalos.deployer.domain.NodeCalls;
import dev.tailtalos.proto.events.v1.ConfigSealed;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.HealthCheck;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.NodeHealth;
import dev.tailtalos.proto.events.v1.NodeRef;
import dev.tailtalos.proto.events.v1.NodeStatus;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import dev.tailtalos.sim.NodeSimulator;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code tailtalos bench rollout}: one health-gated rollout of N simulated nodes through the deployer on the embedded
 * broker, then, in the same run, a plain sequential loop applying configs to the same nodes through the same Talos
 * client (what an operator scripts today). Both see the same injected apply latency.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Benchmark a deployer rollout against a plain sequential apply loop (embedded broker, "
                + "simulated nodes on loopback).")
public class RolloutBenchCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "100", description = "Simulated worker nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--max-parallel", defaultValue = "10", description = "Workers per wave (default ${DEFAULT-VALUE}).")
    int maxParallel;

    @Option(names = "--apply-latency", defaultValue = "50", paramLabel = "MS",
            description = "Added to every ApplyConfiguration that changes a node, in both runs (default ${DEFAULT-VALUE}).")
    long applyLatencyMs;

    @Option(names = "--base-address", defaultValue = "127.0.60.1",
            description = "Loopback address of the first node; 250 per /24, then the next (default ${DEFAULT-VALUE}).")
    String baseAddress;

    @Option(names = "--timeout", defaultValue = "PT20M", description = "Limit for the rollout (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (nodes < 1 || maxParallel < 1 || applyLatencyMs < 0) {
            System.err.println("tailtalos bench rollout: --nodes and --max-parallel must be at least 1, "
                    + "--apply-latency not negative");
            return 2;
        }
        String[] base = baseAddress.split("\\.");
        if (base.length != 4 || !base[0].equals("127")) {
            System.err.println("tailtalos bench rollout: --base-address must be 127.x.y.z, got " + baseAddress);
            return 2;
        }
        Path dir = Files.createTempDirectory("tailtalos-bench-");
        out.printf("bench rollout: %d nodes, max parallel %d, apply latency %d ms (embedded KRaft broker, simulated "
                + "Talos nodes over mTLS on loopback)%n", nodes, maxParallel, applyLatencyMs);
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            int third = Integer.parseInt(base[2]) + (Integer.parseInt(base[3]) - 1 + i) / 250;
            int fourth = 1 + (Integer.parseInt(base[3]) - 1 + i) % 250;
            specs.add(new NodeSpec(String.format("node-%04d", i), "127." + base[1] + "." + third + "." + fourth, 0));
        }
        long setup = System.nanoTime();
        try (EmbeddedKraftBroker broker = EmbeddedKraftBroker.start(dir.resolve("kafka"));
             NodeSimulator sim = new NodeSimulator(specs)) {
            sim.start();
            Path talosconfig = dir.resolve("talosconfig");
            sim.writeTalosconfig(talosconfig, "bench");
            Path sealKey = dir.resolve("seal.key");
            KeyFiles.loadOrCreate(sealKey);
            out.printf("  setup                %.1f s (broker, %d nodes)%n", (System.nanoTime() - setup) / 1e9, nodes);

            // 1. The deployer.
            ConfigurableApplicationContext deployer = startDeployer(broker.bootstrapServers(), sim, talosconfig, sealKey);
            Result rollout;
            try (HealthResponder health = new HealthResponder(broker.bootstrapServers(), sim.adminCredentials(), sim)) {
                rollout = rollout(broker.bootstrapServers(), sim, new EnvelopeSealer(LocalKeyWrapper.fromFile(sealKey)));
            } finally {
                deployer.close();
            }
            // 2. The loop an operator writes: one node after the other through the same Talos client.
            long loopStart = System.nanoTime();
            List<TalosClient> clients = new ArrayList<>();
            try {
                for (SimulatedNode node : sim.nodes()) {
                    TalosClient client = TalosClient.connect(node.endpoint(), sim.adminCredentials(),
                            DialPolicy.loopbackOnly());
                    clients.add(client);
                    sleep(applyLatencyMs);
                    client.applyConfiguration(config(node.hostname(), "loop"), ApplyConfigurationRequest.Mode.AUTO,
                            false, null);
                }
            } finally {
                clients.forEach(TalosClient::close);
            }
            double loopSeconds = (System.nanoTime() - loopStart) / 1e9;

            boolean once = sim.nodes().stream().allMatch(n -> n.applyCount() == 2);
            out.printf("  deployer rollout     %.2f s  %s %d/%d healthy%s%n", rollout.seconds, rollout.status.getState(),
                    rollout.status.getNodesHealthy(), rollout.status.getNodesTotal(),
                    once ? ", every node applied once by each run" : ", APPLY COUNTS OFF: not every node applied once");
            out.printf("  per-node overhead    p50 %.1f ms  p99 %.1f ms  max %.1f ms  (node time minus time inside "
                    + "Talos calls: Kafka hops, health gate, scheduling)%n", rollout.p50, rollout.p99, rollout.max);
            out.printf("  Talos calls per node p50 %.1f ms  (read back + dry run + apply incl. %d ms latency)%n",
                    rollout.callP50, applyLatencyMs);
            out.printf("  sequential loop      %.2f s  (connect + ApplyConfiguration per node, one after another)%n",
                    loopSeconds);
            out.printf("  ratio                %.2f  (deployer time / loop time)%n", rollout.seconds / loopSeconds);
            return rollout.status.getState().equals("COMPLETED") && once ? 0 : 1;
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        }
    }

    private record Result(double seconds, RolloutStatus status, double p50, double p99, double max, double callP50) {
    }

    private ConfigurableApplicationContext startDeployer(String bootstrap, NodeSimulator sim, Path talosconfig,
                                                         Path sealKey) {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.config.name", "deployer-service");
        props.put("spring.kafka.bootstrap-servers", bootstrap);
        props.put("spring.main.banner-mode", "off");
        props.put("spring.main.log-startup-info", "false");
        props.put("tailtalos.talosconfig", talosconfig);
        props.put("tailtalos.seal.key-file", sealKey);
        props.put("tailtalos.dial.loopback-only", "true");
        props.put("tailtalos.nodes.endpoints", String.join(",", sim.nodes().stream()
                .map(n -> n.hostname() + "=" + n.endpoint()).toList()));
        props.put("tailtalos.deployer.workers", Math.max(16, maxParallel));
        props.put("tailtalos.deployer.max-concurrent-calls", Math.max(32, maxParallel));
        props.put("tailtalos.deployer.tick-interval", "100ms");
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        long latency = applyLatencyMs;
        return new SpringApplicationBuilder(DeployerServiceApplication.class)
                .web(WebApplicationType.NONE)
                .registerShutdownHook(false)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("benchLatency",
                        (DeployerServiceApplication.NodeCallsDecorator) calls -> withLatency(calls, latency)))
                .run(args);
    }

    private static NodeCalls withLatency(NodeCalls calls, long latencyMs) {
        return (nodeId, endpoint, config, mode, dryRun, tryTimeout) -> {
            if (!dryRun) {
                sleep(latencyMs);
            }
            return calls.apply(nodeId, endpoint, config, mode, dryRun, tryTimeout);
        };
    }

    private Result rollout(String bootstrap, NodeSimulator sim, EnvelopeSealer sealer) throws Exception {
        EventEnvelopes envelopes = new EventEnvelopes("bench", Clock.systemUTC());
        String rolloutId = "bench-" + Long.toHexString(System.nanoTime());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(Topics.ROLLOUT_REQUESTED, rolloutId, envelopes.wrap(RolloutRequested
                .newBuilder().setRolloutId(rolloutId).setRequestedBy("bench").setMaxParallel(maxParallel)
                .setHealthTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(120))
                .setProgressDeadline(com.google.protobuf.Duration.newBuilder().setSeconds(600))
                .build(), rolloutId, "").toByteArray()));
        List<SimulatedNode> all = sim.nodes();
        for (int i = 0; i < all.size(); i++) {
            String node = all.get(i).hostname();
            byte[] config = config(node, rolloutId);
            ConfigSealed sealed = ConfigSealed.newBuilder().setRolloutId(rolloutId)
                    .setNode(NodeRef.newBuilder().setNodeId(node))
                    .setSealedConfig(sealer.seal(config, node.getBytes(StandardCharsets.UTF_8)))
                    .setConfigDigest(Sha256.hex(config)).setNodeIndex(i).setNodeCount(all.size()).build();
            records.add(new ProducerRecord<>(Topics.CONFIG_SEALED, node, envelopes.wrap(sealed, rolloutId, "")
                    .toByteArray()));
        }
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
        RolloutStatus status = awaitFinal(bootstrap, rolloutId);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Double> overhead = new ArrayList<>();
        List<Double> calls = new ArrayList<>();
        for (NodeStatus n : status.getNodesList()) {
            if (n.hasStartedAt() && n.hasFinishedAt()) {
                double nodeMs = Duration.between(EventEnvelopes.instant(n.getStartedAt()),
                        EventEnvelopes.instant(n.getFinishedAt())).toNanos() / 1e6;
                overhead.add(nodeMs - n.getCallMillis());
                calls.add((double) n.getCallMillis());
            }
        }
        overhead.sort(Double::compare);
        calls.sort(Double::compare);
        return new Result(seconds, status, percentile(overhead, 50), percentile(overhead, 99),
                overhead.isEmpty() ? 0 : overhead.get(overhead.size() - 1), percentile(calls, 50));
    }

    private RolloutStatus awaitFinal(String bootstrap, String rolloutId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.ROLLOUT_STATUS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    RolloutStatus s = EventEnvelopes.payload(EventEnvelopes.parse(r.value()), RolloutStatus.class);
                    if (s.getRolloutId().equals(rolloutId) && !s.getState().equals("RUNNING")) {
                        return s;
                    }
                }
            }
        }
        throw new IllegalStateException("rollout " + rolloutId + " did not finish within " + timeout);
    }

    static byte[] config(String node, String flavour) {
        return ("version: v1alpha1\nmachine:\n  type: worker\n  nodeLabels:\n    tailtalos.dev/bench: " + flavour
                + "\ncluster:\n  clusterName: bench\n").getBytes(StandardCharsets.UTF_8);
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The benchmark's health path, lighter than monitor-service: for each node.applied one Version call to the node
     * over mTLS, then a healthy node.health (the monitor also lists services and probes until they run).
     */
    private static final class HealthResponder implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService probes = Executors.newFixedThreadPool(4);
        private final Map<String, TalosClient> clients = new ConcurrentHashMap<>();
        private final Thread thread;

        HealthResponder(String bootstrap, TalosCredentials credentials, NodeSimulator sim) {
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp, new StringSerializer(),
                    new ByteArraySerializer());
            EventEnvelopes envelopes = new EventEnvelopes("bench-health", Clock.systemUTC());
            thread = new Thread(() -> {
                Properties props = new Properties();
                props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
                try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                        new ByteArrayDeserializer()); producer) {
                    List<TopicPartition> parts = c.partitionsFor(Topics.NODE_APPLIED, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                    c.assign(parts);
                    c.seekToBeginning(parts);
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                            EventEnvelope env = EventEnvelopes.parse(r.value());
                            NodeApplied a = EventEnvelopes.payload(env, NodeApplied.class);
                            probes.execute(() -> {
                                String tag = clients.computeIfAbsent(a.getEndpoint(), ep -> TalosClient.connect(ep,
                                        credentials, DialPolicy.loopbackOnly())).version().getVersion().getTag();
                                NodeHealth h = NodeHealth.newBuilder().setRolloutId(a.getRolloutId())
                                        .setNodeId(a.getNodeId()).setHealthy(true).setTalosVersion(tag)
                                        .setConfigDigest(a.getConfigDigest()).setEndpoint(a.getEndpoint())
                                        .addChecks(HealthCheck.newBuilder().setName("talos-api").setOk(true)
                                                .setDetail("Version " + tag)).build();
                                producer.send(new ProducerRecord<>(Topics.NODE_HEALTH, a.getNodeId(),
                                        envelopes.wrap(h, a.getRolloutId(), env.getEventId()).toByteArray()));
                            });
                        }
                    }
                } catch (org.apache.kafka.common.errors.InterruptException e) {
                    // closing
                }
            }, "bench-health");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
            probes.shutdownNow();
            clients.values().forEach(TalosClient::close);
        }
    }
}
