package dev.tailtalos.cli.demo;

import dev.tailtalos.common.audit.AuditLogReader;
import dev.tailtalos.common.crypto.KeyFiles;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.files.PrivateFiles;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.app.ConfigServiceApplication;
import dev.tailtalos.config.domain.LoadedTalconfig;
import dev.tailtalos.config.domain.NodeConfig;
import dev.tailtalos.config.domain.TalconfigLoader;
import dev.tailtalos.deployer.app.DeployerServiceApplication;
import dev.tailtalos.monitor.app.MonitorServiceApplication;
import dev.tailtalos.proto.events.v1.AuditRecord;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.secrets.app.SecretsServiceApplication;
import dev.tailtalos.secrets.domain.LocalKeystore;
import dev.tailtalos.secrets.domain.TalosSecretsBundle;
import dev.tailtalos.secrets.domain.authkeys.AuthKeyLifecycle;
import dev.tailtalos.config.domain.Schematic;
import dev.tailtalos.config.domain.SchematicId;
import dev.tailtalos.sim.Extension;
import dev.tailtalos.sim.NodeOptions;
import dev.tailtalos.sim.NodeSimulator;
import dev.tailtalos.sim.SchematicRegistry;
import dev.tailtalos.sim.NodeSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
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
 * Everything tailtalos needs on one machine, in this JVM: a KRaft broker, the local keystore, simulated Talos nodes on
 * loopback addresses, and the four services. Used by {@code tailtalos demo} and by the end-to-end tests.
 */
public final class EmbeddedStack implements AutoCloseable {
    public static final String AUTHKEY_PATH = "tailscale/authkey";
    /** The MagicDNS domain of the simulated tailnet. */
    public static final String TAILNET_DOMAIN = "tail7a1c.ts.net";
    /** The longest a Tailscale auth key may live. */
    public static final Duration DEFAULT_AUTHKEY_LIFETIME = Duration.ofDays(90);

    /**
     * @param monitorProperties extra monitor-service properties (e.g. the Tailscale API and tailnet address map); they
     *                          override the stack's own
     */
    public record Options(Path dataDir, Path clusterRepo, String authKey, String baseAddress,
                          Map<String, String> monitorProperties, Map<String, Map<String, String>> custody,
                          Instant authKeyExpires, boolean tailscaleApi) {
        public Options {
            monitorProperties = Map.copyOf(monitorProperties);
            custody = Map.copyOf(custody);
            authKeyExpires = authKeyExpires != null ? authKeyExpires : Instant.now().plus(DEFAULT_AUTHKEY_LIFETIME);
        }

        public Options(Path dataDir, Path clusterRepo, String authKey, String baseAddress,
                       Map<String, String> monitorProperties, Map<String, Map<String, String>> custody) {
            this(dataDir, clusterRepo, authKey, baseAddress, monitorProperties, custody, null, true);
        }

        /**
         * These options without the monitor's view of the Tailscale API: nodes still join the simulated tailnet, but
         * nobody observes them, so no self-healing rollouts follow (for tests of one rollout on its own).
         */
        public Options withoutTailnetLoop() {
            return new Options(dataDir, clusterRepo, authKey, baseAddress, monitorProperties, custody, authKeyExpires,
                    false);
        }

        public Options(Path dataDir, Path clusterRepo, String authKey, String baseAddress,
                       Map<String, String> monitorProperties) {
            this(dataDir, clusterRepo, authKey, baseAddress, monitorProperties, Map.of());
        }

        public Options(Path dataDir, Path clusterRepo, String authKey, String baseAddress) {
            this(dataDir, clusterRepo, authKey, baseAddress, Map.of());
        }

        /** These options with one more secret put into custody before the services start (e.g. sops/age). */
        public Options withCustody(String path, Map<String, String> fields) {
            Map<String, Map<String, String>> more = new LinkedHashMap<>(custody);
            more.put(path, Map.copyOf(fields));
            return new Options(dataDir, clusterRepo, authKey, baseAddress, monitorProperties, more, authKeyExpires,
                    tailscaleApi);
        }

        @Override
        public String toString() {
            return "Options[" + dataDir + ", " + clusterRepo + ", custody paths " + custody.keySet() + "]";
        }
    }

    private final Options options;
    private final EmbeddedKraftBroker broker;
    private final NodeSimulator simulator;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private final Map<String, String> endpoints;
    private final String clusterName;
    private final SimulatedTailnet tailnet;
    private ConfigurableApplicationContext monitor;
    private ConfigurableApplicationContext secrets;

    private EmbeddedStack(Options options, EmbeddedKraftBroker broker, NodeSimulator simulator,
                          Map<String, String> endpoints, String clusterName, SimulatedTailnet tailnet) {
        this.options = options;
        this.broker = broker;
        this.simulator = simulator;
        this.endpoints = endpoints;
        this.clusterName = clusterName;
        this.tailnet = tailnet;
    }

    public static EmbeddedStack start(Options options, PrintStream progress) throws Exception {
        PrivateFiles.restrictUmask();
        Path data = PrivateFiles.createDirectories(options.dataDir());
        Path keys = PrivateFiles.createDirectories(data.resolve("keys"));
        PrivateFiles.createDirectories(data.resolve("talos"));

        LoadedTalconfig repo = new TalconfigLoader(new Yaml()).load(options.clusterRepo(), System.getenv());
        String clusterName = repo.config().clusterName();

        step(progress, "starting the embedded KRaft Kafka broker (logs in " + data.resolve("kafka") + ")");
        EmbeddedKraftBroker broker = EmbeddedKraftBroker.start(data.resolve("kafka"));
        step(progress, "Kafka at " + broker.bootstrapServers() + " (broker and controller listen on 127.0.0.1 only)");
        NodeSimulator simulator = null;
        SimulatedTailnet tailnet = null;
        try {
            int[] base = parseBase(options.baseAddress());
            tailnet = SimulatedTailnet.start(base[2], TAILNET_DOMAIN, keys.resolve("tailscale-api.token"));
            String authKey = options.authKey() != null ? options.authKey()
                    : tailnet.issueAuthKey(options.authKeyExpires());
            step(progress, "opening local custody " + data.resolve("custody/keystore.enc") + " (AES-256-GCM)");
            LocalKeystore custody = LocalKeystore.open(data.resolve("custody/keystore.enc"), keys.resolve("keystore.key"),
                    Clock.systemUTC());
            CertificateAuthority osCa = CertificateAuthority.generateOsCa();
            custody.write(TalosSecretsBundle.CUSTODY_PATH, TalosSecretsBundle.generate(osCa.certificatePem(),
                    osCa.privateKeyPem()));
            for (Map.Entry<String, Map<String, String>> secret : options.custody().entrySet()) {
                custody.write(secret.getKey(), secret.getValue());
            }
            KeyFiles.loadOrCreate(keys.resolve("seal.key"));
            KeyFiles.loadOrCreate(keys.resolve("audit-hmac.key"));
            step(progress, "imported the Talos secrets bundle into custody");

            List<NodeSpec> specs = new ArrayList<>();
            List<NodeConfig> nodes = repo.config().nodes();
            for (int i = 0; i < nodes.size(); i++) {
                String bind = base[0] + "." + base[1] + "." + base[2] + "." + (base[3] + i);
                specs.add(new NodeSpec(nodes.get(i).hostname(), bind, 0, nodes.get(i).addresses()));
            }
            simulator = new NodeSimulator(specs, osCa, repo.config().talosVersionTag(),
                    bootImage(repo).withTailnet(tailnet.control()));
            simulator.start();
            Path talosconfig = data.resolve("talos/talosconfig");
            simulator.writeTalosconfig(talosconfig, clusterName);
            Map<String, String> endpoints = new LinkedHashMap<>();
            for (NodeSpec spec : specs) {
                endpoints.put(spec.hostname(), simulator.endpoint(spec.hostname()));
                step(progress, String.format("simulated node %-8s %-22s stands in for %s", spec.hostname(),
                        simulator.endpoint(spec.hostname()), String.join(", ", spec.extraAddresses())));
            }

            step(progress, "Tailscale API stand-in at " + tailnet.apiUrl() + ": lists the devices of the simulated"
                    + " tailnet " + TAILNET_DOMAIN + " (Tailscale IPs are loopback stand-ins 127.100." + base[2] + ".n)");
            EmbeddedStack stack = new EmbeddedStack(options, broker, simulator, endpoints, clusterName, tailnet);
            stack.startServices(talosconfig, keys, progress);
            stack.importAuthKey(authKey, progress);
            return stack;
        } catch (Exception | Error e) {
            if (simulator != null) {
                simulator.close();
            }
            if (tailnet != null) {
                tailnet.close();
            }
            broker.close();
            throw e;
        }
    }

    /**
     * The simulated nodes run what the repo asks for (the deployer upgrades a node whose image differs): the
     * simulated Image Factory learns each node's schematic, and the nodes boot from the first one.
     */
    private static NodeOptions bootImage(LoadedTalconfig repo) {
        SchematicRegistry registry = new SchematicRegistry();
        String first = null;
        for (int i = 0; i < repo.config().nodes().size(); i++) {
            NodeConfig node = repo.config().mergedNode(i);
            Schematic schematic = node.schematic() == null ? Schematic.EMPTY : node.schematic();
            String id = SchematicId.of(schematic);
            List<Extension> extensions = new ArrayList<>();
            if (schematic.customization() != null) {
                for (String name : schematic.customization().officialExtensions()) {
                    String shortName = name.substring(name.lastIndexOf('/') + 1);
                    extensions.add(shortName.equals(Extension.TAILSCALE.name()) ? Extension.TAILSCALE
                            : new Extension(shortName, "simulated", "Sidero Labs", name + " (simulated)"));
                }
            }
            registry.register(id, extensions, "");
            first = first == null ? id : first;
        }
        NodeOptions options = NodeOptions.defaults().withSchematics(registry);
        return first == null ? options : options.withSchematic(first);
    }

    private void startServices(Path talosconfig, Path keys, PrintStream progress) {
        String bootstrap = broker.bootstrapServers();
        String endpointSpec = String.join(",", endpoints.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        Path data = options.dataDir();
        step(progress, "starting config-service");
        services.add(ServiceLauncher.start(ConfigServiceApplication.class, "config-service", bootstrap, Map.of(
                "tailtalos.config.api-token-file", configTokenFile().toString(),
                "server.address", "127.0.0.1", "server.port", "0")));
        step(progress, "config-service HTTP API on " + urlOf("config-service") + " (token file " + configTokenFile() + ")");
        step(progress, "starting secrets-service");
        secrets = ServiceLauncher.start(SecretsServiceApplication.class, "secrets-service", bootstrap, Map.of(
                "tailtalos.custody.keystore-file", data.resolve("custody/keystore.enc").toString(),
                "tailtalos.custody.key-file", keys.resolve("keystore.key").toString(),
                "tailtalos.seal.key-file", keys.resolve("seal.key").toString(),
                "tailtalos.audit.hmac-key-file", keys.resolve("audit-hmac.key").toString()));
        services.add(secrets);
        step(progress, "starting deployer-service");
        services.add(ServiceLauncher.start(DeployerServiceApplication.class, "deployer-service", bootstrap, Map.of(
                "tailtalos.talosconfig", talosconfig.toString(),
                "tailtalos.nodes.endpoints", endpointSpec,
                "tailtalos.dial.loopback-only", "true",
                "tailtalos.seal.key-file", keys.resolve("seal.key").toString(),
                "tailtalos.deployer.api-token-file", deployerTokenFile().toString(),
                "server.port", "0", "server.address", "127.0.0.1")));
        step(progress, "deployer HTTP API on " + deployerUrl() + " (token file " + deployerTokenFile() + ")");
        step(progress, "starting monitor-service");
        Map<String, Object> monitorProperties = new LinkedHashMap<>(Map.of(
                "tailtalos.talosconfig", talosconfig.toString(),
                "tailtalos.dial.loopback-only", "true",
                "tailtalos.monitor.api-token-file", monitorTokenFile().toString(),
                "tailtalos.monitor.read-token-file", monitorReadTokenFile().toString(),
                "server.address", "127.0.0.1",
                "server.port", "0"));
        if (options.tailscaleApi()) {
            monitorProperties.putAll(tailnet.monitorProperties());
        }
        monitorProperties.putAll(options.monitorProperties());
        monitor = ServiceLauncher.start(MonitorServiceApplication.class, "monitor-service", bootstrap, monitorProperties);
        services.add(monitor);
        step(progress, "monitor page and API at " + monitorUrl() + " (read token file " + monitorReadTokenFile()
                + ", write token file " + monitorTokenFile() + ")");
    }

    /**
     * Imports the auth key through secrets-service, with its expiry, as an operator would: the audit record it writes
     * tells the monitor when the key expires. The value goes to custody only.
     */
    private void importAuthKey(String authKey, PrintStream progress) {
        var status = secrets.getBean(AuthKeyLifecycle.class).importKey(AUTHKEY_PATH, authKey, options.authKeyExpires());
        step(progress, "imported the Tailscale auth key" + (status.keyId().isEmpty() ? "" : " " + status.keyId())
                + " into custody at " + AUTHKEY_PATH
                + ", expires " + status.expires());
    }

    /** The simulated tailnet's Tailscale API stand-in and devices. */
    public SimulatedTailnet tailnet() {
        return tailnet;
    }

    /** Publishes rollout.requested for the cluster repo and returns the rollout id. */
    public String requestRollout(String requestedBy, String reason) throws Exception {
        String rolloutId = "ro-" + UUID.randomUUID().toString().substring(0, 8);
        RolloutRequested request = RolloutRequested.newBuilder()
                .setRolloutId(rolloutId)
                .setClusterRepo(options.clusterRepo().toAbsolutePath().toString())
                .setRequestedBy(requestedBy)
                .setReason(reason)
                .setMaxParallel(1)
                .build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            var envelope = new EventEnvelopes(requestedBy, Clock.systemUTC()).wrap(request, rolloutId, "");
            producer.send(new ProducerRecord<>(Topics.ROLLOUT_REQUESTED, rolloutId, envelope.toByteArray()))
                    .get(30, TimeUnit.SECONDS);
        }
        return rolloutId;
    }

    /** Every audit record, once the count has stopped growing (services write their last records just after events). */
    public List<AuditRecord> settledAuditRecords() throws InterruptedException {
        List<AuditRecord> records = AuditLogReader.readAll(broker.bootstrapServers());
        for (int i = 0; i < 20; i++) {
            Thread.sleep(250);
            List<AuditRecord> again = AuditLogReader.readAll(broker.bootstrapServers());
            if (again.size() == records.size()) {
                return again;
            }
            records = again;
        }
        return records;
    }

    /** The monitor's web page and JSON API (loopback, ephemeral port). */
    public String monitorUrl() {
        return "http://127.0.0.1:" + monitor.getEnvironment().getProperty("local.server.port") + "/";
    }

    /** The deployer's HTTP API, e.g. for {@code tailtalos rollout status --deployer URL}. */
    public String deployerUrl() {
        return urlOf("deployer-service");
    }

    /** config-service's HTTP API ({@code POST /api/v1/rollouts}, webhooks). */
    public String configUrl() {
        return urlOf("config-service");
    }

    private String urlOf(String service) {
        return services.stream().filter(s -> service.equals(s.getEnvironment()
                        .getProperty("spring.application.name"))).findFirst()
                .map(s -> "http://127.0.0.1:" + s.getEnvironment().getProperty("local.server.port"))
                .orElseThrow(() -> new IllegalStateException(service + " is not running"));
    }

    /** The deployer API's bearer token file (created by the deployer, mode 0600). */
    public Path deployerTokenFile() {
        return options.dataDir().resolve("keys/deployer-api.token");
    }

    /** config-service's API token file (created by config-service, mode 0600). */
    public Path configTokenFile() {
        return options.dataDir().resolve("keys/config-api.token");
    }

    /** The monitor's write token (probes), created by the monitor with mode 0600. */
    public Path monitorTokenFile() {
        return options.dataDir().resolve("keys/monitor-api.token");
    }

    /** The monitor's read token (audit API, page), created by the monitor with mode 0600. */
    public Path monitorReadTokenFile() {
        return options.dataDir().resolve("keys/monitor-read.token");
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public NodeSimulator simulator() {
        return simulator;
    }

    public Map<String, String> endpoints() {
        return endpoints;
    }

    public String clusterName() {
        return clusterName;
    }

    public List<ConfigurableApplicationContext> services() {
        return services;
    }

    private static int[] parseBase(String address) {
        String[] parts = address.split("\\.");
        if (parts.length != 4 || !parts[0].equals("127")) {
            throw new IllegalArgumentException("--base-address must be an IPv4 loopback address (127.x.y.z), got " + address);
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    private static void step(PrintStream out, String what) {
        if (out != null) {
            out.println("  · " + what);
            out.flush();
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (RuntimeException e) {
                // keep closing the rest
            }
        }
        simulator.close();
        tailnet.close();
        broker.close();
    }
}
