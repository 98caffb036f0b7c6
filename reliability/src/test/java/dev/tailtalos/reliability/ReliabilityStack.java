package dev.tailtalos.reliability;

import dev.tailtalos.common.crypto.KeyFiles;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.config.app.ConfigServiceApplication;
import dev.tailtalos.config.domain.Schematic;
import dev.tailtalos.config.domain.SchematicId;
import dev.tailtalos.deployer.app.DeployerServiceApplication;
import dev.tailtalos.monitor.app.MonitorServiceApplication;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.secrets.adapters.vault.VaultCustody;
import dev.tailtalos.secrets.adapters.vault.VaultGateway;
import dev.tailtalos.secrets.adapters.vault.VaultSettings;
import dev.tailtalos.secrets.app.SecretsServiceApplication;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.LocalKeystore;
import dev.tailtalos.secrets.domain.TalosSecretsBundle;
import dev.tailtalos.sim.Extension;
import dev.tailtalos.sim.NodeOptions;
import dev.tailtalos.sim.NodeSimulator;
import dev.tailtalos.sim.NodeSpec;
import dev.tailtalos.sim.SchematicRegistry;
import dev.tailtalos.standins.tailscale.TailscaleStandin;
import dev.tailtalos.standins.vault.VaultStandin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The whole of tailtalos in this JVM for the reliability suite: a KRaft broker whose broker side can be restarted on
 * the same log dirs and port, N simulated Talos nodes (one control plane, the rest workers), optionally the Vault
 * and Tailscale API stand-ins behind secrets-service, and the four services, each of which can be stopped and
 * replaced by a fresh instance at any time.
 */
final class ReliabilityStack implements AutoCloseable {
    static final List<String> SERVICES = List.of("config-service", "secrets-service", "deployer-service",
            "monitor-service");
    static final String TAILSCALE_SCHEMATIC = SchematicId.of(Schematic.ofExtensions("siderolabs/tailscale"));

    static final String CONFIG_TOKEN = "config-token-0123456789abcdef";
    static final String WEBHOOK_SECRET = "corpus-webhook-secret";

    record Options(int nodes, boolean vault, String authKey, String oauthSecret, long seed) {
    }

    final Options options;
    final Path dir;
    final KafkaClusterTestKit kafka;
    final NodeSimulator simulator;
    final CertificateAuthority osCa;
    final VaultStandin vault;
    final TailscaleStandin tailscale;
    final String deployerToken = "deployer-" + UUID.randomUUID();
    private final Map<String, ConfigurableApplicationContext> running = new LinkedHashMap<>();
    private final KafkaProducer<String, byte[]> producer;
    private final List<String> nodeNames = new ArrayList<>();
    private String bootstrap;

    ReliabilityStack(Options options) throws Exception {
        this.options = options;
        this.dir = Files.createTempDirectory("tailtalos-reliability-");
        Files.createDirectories(dir.resolve("keys"));
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBaseDirectory(dir.resolve("kafka")).build())
                .setConfigProp("auto.create.topics.enable", "true")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "3")
                .setDeleteOnClose(true)
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        bootstrap = kafka.bootstrapServers();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());

        osCa = CertificateAuthority.generateOsCa();
        Map<String, String> bundle = TalosSecretsBundle.generate(osCa.certificatePem(), osCa.privateKeyPem());
        Path keys = dir.resolve("keys");
        KeyFiles.loadOrCreate(keys.resolve("seal.key"));
        KeyFiles.loadOrCreate(keys.resolve("audit-hmac.key"));
        Files.writeString(keys.resolve("deployer-api.token"), deployerToken);
        Files.writeString(keys.resolve("config-api.token"), CONFIG_TOKEN + "\n");
        if (options.vault()) {
            vault = new VaultStandin("root-token");
            vault.createTransitKey("tailtalos-seal");
            Files.writeString(keys.resolve("vault.token"), "root-token\n");
            tailscale = new TailscaleStandin();
            tailscale.addOAuthClient("kRELIABLECNTRL", options.oauthSecret(), List.of("auth_keys"),
                    List.of("tag:k8s-node"));
            tailscale.addExistingKey(options.authKey(), Instant.now().plus(Duration.ofDays(80)),
                    List.of("tag:k8s-node"));
            Custody custody = new VaultCustody(new VaultGateway(VaultSettings.withToken(vault.address(),
                    "root-token")));
            custody.write(TalosSecretsBundle.CUSTODY_PATH, bundle);
            custody.write("tailscale/authkey", Map.of("value", options.authKey()));
            custody.write("tailscale/oauth-client", Map.of("client_id", "kRELIABLECNTRL",
                    "client_secret", options.oauthSecret()));
        } else {
            vault = null;
            tailscale = null;
            LocalKeystore custody = LocalKeystore.open(dir.resolve("custody/keystore.enc"),
                    keys.resolve("keystore.key"), Clock.systemUTC());
            custody.write(TalosSecretsBundle.CUSTODY_PATH, bundle);
            custody.write("tailscale/authkey", Map.of("value", options.authKey()));
        }

        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < options.nodes(); i++) {
            String name = String.format("node-%02d", i + 1);
            nodeNames.add(name);
            specs.add(new NodeSpec(name, "127.0.30." + (i + 1), 0, List.of("192.168.50." + (i + 11))));
        }
        SchematicRegistry registry = new SchematicRegistry();
        registry.register(TAILSCALE_SCHEMATIC, List.of(Extension.TAILSCALE), "");
        simulator = new NodeSimulator(specs, osCa, "v1.10.4", NodeOptions.defaults().withSchematics(registry)
                .withSchematic(TAILSCALE_SCHEMATIC).withRebootDuration(Duration.ofMillis(300))
                .withSeed(options.seed()));
        simulator.start();
        simulator.writeTalosconfig(dir.resolve("talosconfig"), "reliability");
        for (String service : SERVICES) {
            start(service);
        }
    }

    List<String> nodeNames() {
        return nodeNames;
    }

    String bootstrapServers() {
        return bootstrap;
    }

    /** Stops a service (its Spring context) and starts a fresh instance on the same broker. */
    void restart(String service) {
        stop(service);
        start(service);
    }

    void stop(String service) {
        ConfigurableApplicationContext context = running.remove(service);
        if (context != null) {
            context.close();
        }
    }

    ConfigurableApplicationContext service(String name) {
        return running.get(name);
    }

    String url(String service) {
        return "http://127.0.0.1:" + running.get(service).getEnvironment().getProperty("local.server.port");
    }

    void start(String service) {
        Path keys = dir.resolve("keys");
        Map<String, Object> props = new LinkedHashMap<>();
        Class<?> app;
        switch (service) {
            case "config-service" -> {
                app = ConfigServiceApplication.class;
                props.put("server.port", "0");
                props.put("tailtalos.config.api-token-file", keys.resolve("config-api.token"));
                props.put("tailtalos.config.webhook-secret", WEBHOOK_SECRET);
                props.put("tailtalos.config.max-body-bytes", "65536");
                // the bad-input corpus requests rollouts of repos it writes under the temp directory
                props.put("tailtalos.config.allowed-repos", Path.of(System.getProperty("java.io.tmpdir"))
                        .toAbsolutePath().normalize() + "/bad-input-*/*/repo");
            }
            case "secrets-service" -> {
                app = SecretsServiceApplication.class;
                props.put("tailtalos.seal.key-file", keys.resolve("seal.key"));
                props.put("tailtalos.audit.hmac-key-file", keys.resolve("audit-hmac.key"));
                props.put("server.port", "0");
                props.put("tailtalos.api.token-file", keys.resolve("secrets-api.token"));
                if (options.vault()) {
                    props.put("tailtalos.custody.backend", "vault");
                    props.put("tailtalos.vault.address", vault.address());
                    props.put("tailtalos.vault.token-file", keys.resolve("vault.token"));
                    props.put("tailtalos.vault.breaker-open-for", "PT2S");
                    props.put("tailtalos.tailscale.api-url", tailscale.baseUrl());
                    props.put("tailtalos.authkeys.check-interval", "PT2S");
                } else {
                    props.put("tailtalos.custody.keystore-file", dir.resolve("custody/keystore.enc"));
                    props.put("tailtalos.custody.key-file", keys.resolve("keystore.key"));
                    props.put("tailtalos.authkeys.auto-rotate", "false");
                }
            }
            case "deployer-service" -> {
                app = DeployerServiceApplication.class;
                props.put("tailtalos.talosconfig", dir.resolve("talosconfig"));
                props.put("tailtalos.nodes.endpoints", String.join(",", nodeNames.stream()
                        .map(n -> n + "=" + simulator.endpoint(n)).toList()));
                props.put("tailtalos.dial.loopback-only", "true");
                props.put("tailtalos.seal.key-file", keys.resolve("seal.key"));
                props.put("tailtalos.deployer.api-token-file", keys.resolve("deployer-api.token"));
                props.put("tailtalos.deployer.apply.initial-backoff", "50ms");
                // the retry budget is part of the policy: with 20% transient failures, 5 attempts (the default)
                // leave a node about a 0.03% chance per call of failing for good; 10 attempts make that 1e-7
                props.put("tailtalos.deployer.apply.max-attempts", "10");
                props.put("tailtalos.deployer.circuit-open-for", "2s");
                props.put("tailtalos.deployer.call-timeout", "10s");
                props.put("server.port", "0");
            }
            case "monitor-service" -> {
                app = MonitorServiceApplication.class;
                props.put("tailtalos.talosconfig", dir.resolve("talosconfig"));
                props.put("tailtalos.dial.loopback-only", "true");
                props.put("tailtalos.monitor.probe-every", "0s");
                props.put("tailtalos.monitor.api-token-file", keys.resolve("monitor-api.token"));
                props.put("tailtalos.monitor.read-token-file", keys.resolve("monitor-read.token"));
                props.put("server.port", "0");
            }
            default -> throw new IllegalArgumentException(service);
        }
        running.put(service, launch(app, service, props));
    }

    private ConfigurableApplicationContext launch(Class<?> application, String name, Map<String, Object> properties) {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
        Map<String, Object> props = new LinkedHashMap<>(properties);
        props.put("spring.config.name", name);
        props.put("spring.kafka.bootstrap-servers", bootstrap);
        props.put("spring.kafka.client-id", name);
        props.put("spring.main.banner-mode", "off");
        props.put("server.address", "127.0.0.1");
        props.put("tailtalos.kafka.retry.initial-ms", "100");
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(application).web(WebApplicationType.SERVLET)
                .registerShutdownHook(false).run(args);
    }

    /**
     * Shuts the broker down and starts it again on the same log dirs and listener port (the controller, which
     * shares the process in combined mode, keeps running).
     */
    void restartBroker(Duration downFor) throws Exception {
        var broker = kafka.brokers().values().iterator().next();
        broker.shutdown();
        broker.awaitShutdown();
        Thread.sleep(downFor.toMillis());
        broker.startup();
        kafka.waitForReadyBrokers();
        if (!kafka.bootstrapServers().equals(bootstrap)) {
            throw new IllegalStateException("broker came back on " + kafka.bootstrapServers() + ", not " + bootstrap);
        }
    }

    /** A cluster repo for the nodes: node-01 is the control plane; every config carries the run's label. */
    Path writeRepo(String run) throws Exception {
        Path repo = dir.resolve("repos/" + run);
        Files.createDirectories(repo.resolve("patches"));
        StringBuilder yaml = new StringBuilder("""
                clusterName: reliability
                talosVersion: v1.10.4
                kubernetesVersion: v1.33.2
                endpoint: https://192.168.50.11:6443
                patches:
                  - "@./patches/run.yaml"
                  - "@./patches/tailscale.yaml"
                  - "@./patches/subnets.yaml"
                controlPlane:
                  schematic:
                    customization:
                      systemExtensions:
                        officialExtensions:
                          - siderolabs/tailscale
                  patches:
                    - "@./patches/etcd.yaml"
                worker:
                  schematic:
                    customization:
                      systemExtensions:
                        officialExtensions:
                          - siderolabs/tailscale
                nodes:
                """);
        for (int i = 0; i < nodeNames.size(); i++) {
            yaml.append("  - hostname: ").append(nodeNames.get(i)).append('\n')
                    .append("    ipAddress: 192.168.50.").append(i + 11).append('\n')
                    .append("    controlPlane: ").append(i == 0).append('\n')
                    .append("    installDisk: /dev/sda\n");
        }
        Files.writeString(repo.resolve("talconfig.yaml"), yaml.toString());
        Files.writeString(repo.resolve("patches/run.yaml"), "machine:\n  nodeLabels:\n    tailtalos.dev/run: \""
                + run + "\"\n");
        Files.writeString(repo.resolve("patches/subnets.yaml"), """
                machine:
                  kubelet:
                    nodeIP:
                      validSubnets:
                        - 192.168.50.0/24
                        - "!100.64.0.0/10"
                """);
        Files.writeString(repo.resolve("patches/etcd.yaml"), """
                cluster:
                  etcd:
                    advertisedSubnets:
                      - 192.168.50.0/24
                      - "!100.64.0.0/10"
                """);
        Files.writeString(repo.resolve("patches/tailscale.yaml"), """
                apiVersion: v1alpha1
                kind: ExtensionServiceConfig
                name: tailscale
                environment:
                  - TS_AUTHKEY=custody://tailscale/authkey
                  - TS_AUTH_ONCE=true
                """);
        return repo;
    }

    String requestRollout(Path repo, int maxParallel, int maxFailures) throws Exception {
        String rolloutId = "ro-" + UUID.randomUUID().toString().substring(0, 8);
        RolloutRequested request = RolloutRequested.newBuilder().setRolloutId(rolloutId)
                .setClusterRepo(repo.toAbsolutePath().toString()).setRequestedBy("reliability")
                .setReason("reliability run").setMaxParallel(maxParallel).setMaxFailures(maxFailures)
                .setRollbackOnFailure(false)
                .setHealthTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(120))
                .build();
        var envelope = new EventEnvelopes("reliability", Clock.systemUTC()).wrap(request, rolloutId, "");
        producer.send(new ProducerRecord<>(Topics.ROLLOUT_REQUESTED, rolloutId, envelope.toByteArray()))
                .get(60, TimeUnit.SECONDS);
        return rolloutId;
    }

    private List<String> reversedServices() {
        List<String> names = new ArrayList<>(running.keySet());
        java.util.Collections.reverse(names);
        return names;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws Exception {
        for (String s : reversedServices()) {
            try {
                stop(s);
            } catch (RuntimeException e) {
                // keep closing the rest
            }
        }
        producer.close();
        simulator.close();
        if (vault != null) {
            vault.close();
            tailscale.close();
        }
        kafka.close();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir);
    }
}
