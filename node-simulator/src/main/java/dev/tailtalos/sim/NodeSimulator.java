package dev.tailtalos.sim;

import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.common.talos.pki.CertificateAuthority;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** A set of simulated nodes sharing one OS CA; {@code nodes} metadata can route between them. */
public final class NodeSimulator implements AutoCloseable {

    private final CertificateAuthority osCa;
    private final NodeOptions options;
    private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();
    private TalosCredentials adminCredentials;

    public NodeSimulator(List<NodeSpec> specs) {
        this(specs, CertificateAuthority.generateOsCa(), SimulatedNode.DEFAULT_TALOS_VERSION);
    }

    public NodeSimulator(List<NodeSpec> specs, CertificateAuthority osCa, String talosVersion) {
        this(specs, osCa, talosVersion, NodeOptions.defaults());
    }

    /** Every node gets these options (one shared tailnet and schematic registry); node i's fault seed is seed + i. */
    public NodeSimulator(List<NodeSpec> specs, CertificateAuthority osCa, String talosVersion, NodeOptions options) {
        this.osCa = osCa;
        this.options = options;
        int index = 0;
        for (NodeSpec spec : specs) {
            if (nodes.containsKey(spec.hostname())) {
                throw new IllegalArgumentException("duplicate hostname " + spec.hostname());
            }
            SimulatedNode node = new SimulatedNode(spec, osCa, talosVersion, options.withSeed(options.seed() + index++));
            node.peers(this::find);
            node.cluster(this::nodes);
            node.trustd(this::signerFor);
            nodes.put(spec.hostname(), node);
        }
    }

    public void start() throws IOException {
        try {
            for (SimulatedNode node : nodes.values()) {
                node.start();
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        nodes.values().forEach(SimulatedNode::close);
    }

    public NodeOptions options() {
        return options;
    }

    public TailnetControl tailnet() {
        return options.tailnet();
    }

    /** Applies a fault setting to every node. */
    public void faults(java.util.function.Consumer<NodeFaults> setting) {
        nodes.values().forEach(node -> setting.accept(node.faults()));
    }

    public CertificateAuthority osCa() {
        return osCa;
    }

    public List<SimulatedNode> nodes() {
        return List.copyOf(nodes.values());
    }

    public SimulatedNode node(String hostname) {
        SimulatedNode node = nodes.get(hostname);
        if (node == null) {
            throw new NoSuchElementException("no simulated node " + hostname + " (have " + nodes.keySet() + ")");
        }
        return node;
    }

    public String endpoint(String hostname) {
        return node(hostname).endpoint();
    }

    public List<String> endpoints() {
        List<String> endpoints = new ArrayList<>();
        nodes.values().forEach(node -> endpoints.add(node.endpoint()));
        return endpoints;
    }

    public synchronized TalosCredentials adminCredentials() {
        if (adminCredentials == null) {
            adminCredentials = credentials(List.of("os:admin"));
        }
        return adminCredentials;
    }

    /** Fresh client credentials with the given roles (Subject O), signed by the simulator's OS CA. */
    public TalosCredentials credentials(List<String> roles) {
        return TalosCredentials.of(osCa.certificate(),
                osCa.issueClientCertificate(roles, CertificateAuthority.CLIENT_VALIDITY));
    }

    /** A talosconfig with os:admin credentials, endpoints = node endpoints, nodes = node bind addresses. */
    public void writeTalosconfig(Path file, String contextName) throws IOException {
        TalosCredentials admin = adminCredentials();
        List<String> addresses = nodes.values().stream().map(node -> node.spec().bindAddress()).toList();
        TalosConfig.of(contextName, new TalosConfig.Context(endpoints(), addresses, admin.caPem(), admin.crtPem(),
                admin.keyPem())).write(file);
    }

    /** The OS CA a control plane's trustd signs worker API certificates with: the simulator's own or an applied one. */
    private Optional<CertificateAuthority> signerFor(java.security.cert.X509Certificate caCertificate) {
        if (osCa.certificate().equals(caCertificate)) {
            return Optional.of(osCa);
        }
        return nodes.values().stream().map(node -> node.signsFor(caCertificate)).flatMap(Optional::stream).findFirst();
    }

    private Optional<SimulatedNode> find(String target) {
        return nodes.values().stream().filter(node -> node.answersTo(target)).findFirst();
    }
}
