package dev.tailtalos.monitor.adapters;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.common.talos.TalosEndpoint;
import dev.tailtalos.monitor.domain.CertificateSans;
import dev.tailtalos.monitor.domain.HealthVerdict;
import dev.tailtalos.monitor.domain.HealthVerdict.Check;
import dev.tailtalos.monitor.domain.NodeBoard;
import dev.tailtalos.monitor.domain.NodeProbe;
import dev.tailtalos.monitor.domain.PayloadProbe;
import dev.tailtalos.monitor.domain.TailnetAddressMap;
import dev.tailtalos.monitor.domain.TailscaleDevice;
import dev.tailtalos.proto.events.v1.NodeObserved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every check the monitor runs on a node: the Talos API, services and extensions over the LAN; the node's device in the
 * Tailscale API (emitting node.observed when its tailnet address or name appears or changes); Version, the served
 * certificate's SANs and a large transfer (path MTU) over the tailnet; the auth key's expiry. Checks that lack what they need are SKIPPED with the
 * reason, never passed.
 */
public class NodeProber implements NodeProbe, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeProber.class);
    private final TalosNodeProbe lan;
    private final TalosCredentials credentials;
    private final DialPolicy dialPolicy;
    private final TlsCertificateInspector certificates;
    private final TailscaleApiClient tailscale;
    private final NodeBoard board;
    private final EventPublisher publisher;
    private final AuditWriter audit;
    private final Clock clock;
    private final Tailnet tailnet;
    private final LargePayloadProbe payload;
    private final Duration allowedAway;
    private final Duration authKeyWarning;
    private final Map<String, TalosClient> tailnetClients = new ConcurrentHashMap<>();

    /**
     * How the tailnet side of a node is reached and judged.
     *
     * @param endpoints    explicit tailnet endpoints per node (they win over addresses from the Tailscale API)
     * @param addressMap   translations of tailnet addresses to the addresses to dial (stand-ins); a translated address
     *                     is dialed on the port of the node's LAN endpoint, where the stand-in listens
     * @param healingGrace how long a certificate may lack an identity the monitor reported on node.observed before the
     *                     SAN check fails rather than warns (the self-healing rollout's time)
     */
    public record Tailnet(Map<String, String> endpoints, TailnetAddressMap addressMap, Duration healingGrace) {
        public Tailnet {
            endpoints = Map.copyOf(endpoints);
        }
    }

    public NodeProber(TalosNodeProbe lan, TalosCredentials credentials, DialPolicy dialPolicy,
                      TlsCertificateInspector certificates, TailscaleApiClient tailscale, NodeBoard board,
                      EventPublisher publisher, AuditWriter audit, Clock clock, Tailnet tailnet,
                      LargePayloadProbe payload, Duration allowedAway, Duration authKeyWarning) {
        this.lan = lan;
        this.credentials = credentials;
        this.dialPolicy = dialPolicy;
        this.certificates = certificates;
        this.tailscale = tailscale;
        this.board = board;
        this.publisher = publisher;
        this.audit = audit;
        this.clock = clock;
        this.tailnet = tailnet;
        this.payload = payload;
        this.allowedAway = allowedAway;
        this.authKeyWarning = authKeyWarning;
    }

    @Override
    public HealthVerdict probe(String nodeId, String lanEndpoint) {
        List<Check> checks = new ArrayList<>();
        HealthVerdict overLan = lanEndpoint == null || lanEndpoint.isBlank()
                ? new HealthVerdict(nodeId, List.of(Check.skipped("talos-api", "lan", "no LAN endpoint known")), "", "")
                : lan.probe(nodeId, lanEndpoint);
        checks.addAll(overLan.checks());

        Optional<NodeBoard.Observed> identity = board.observed(nodeId);
        if (tailscale == null) {
            checks.add(Check.skipped(TailscaleDevice.CHECK, "tailscale-api", "no Tailscale API credentials configured"));
        } else {
            try {
                Optional<TailscaleDevice> device = device(nodeId);
                if (device.isEmpty()) {
                    checks.add(Check.fail(TailscaleDevice.CHECK, "tailscale-api", "no device named " + nodeId
                                    + " in the tailnet", "check TS_HOSTNAME and the auth key in the ExtensionServiceConfig"));
                } else {
                    checks.add(device.get().check(clock.instant(), allowedAway));
                    identity = Optional.of(observe(nodeId, device.get(), identity));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                checks.add(Check.skipped(TailscaleDevice.CHECK, "tailscale-api", "interrupted"));
            } catch (java.io.IOException e) {
                checks.add(Check.fail(TailscaleDevice.CHECK, "tailscale-api", e.getMessage(),
                        "check tailtalos.tailscale.api-url and the API token"));
            }
        }

        String tailnetAddress = identity.flatMap(o -> o.tailnetAddresses().stream().filter(a -> a.indexOf(':') < 0)
                .findFirst()).orElse(null);
        String dnsName = identity.flatMap(o -> o.dnsNames().stream().findFirst()).orElse(null);
        String tailnetEndpoint = tailnetEndpoint(nodeId, tailnetAddress, overLan.endpoint());
        Instant observedAt = identity.filter(o -> o.source().equals("tailscale-api")).map(NodeBoard.Observed::at)
                .orElse(null);
        if (tailnetEndpoint == null) {
            String why = "no tailnet address known for " + nodeId + " yet";
            checks.add(Check.skipped("tailnet-talos-api", "tailnet", why));
            checks.add(Check.skipped(CertificateSans.CHECK, "tailnet", why));
            checks.add(Check.skipped(PayloadProbe.CHECK, "tailnet", why));
        } else {
            // verified as talosctl over the tailnet address would verify it (the dialed endpoint may be a stand-in)
            String serverName = tailnetAddress != null ? tailnetAddress : TalosEndpoint.parse(tailnetEndpoint).host();
            Check version = CertificateSans.healing(tailnetVersion(tailnetEndpoint, serverName), observedAt,
                    clock.instant(), tailnet.healingGrace());
            checks.add(version);
            Check sans = certificateSans(tailnetEndpoint, tailnetAddress != null ? tailnetAddress
                    : TalosEndpoint.parse(tailnetEndpoint).host(), dnsName);
            checks.add(CertificateSans.healing(sans, observedAt, clock.instant(), tailnet.healingGrace()));
            checks.add(overLan.endpoint().isBlank()
                    ? Check.skipped(PayloadProbe.CHECK, "tailnet", "no LAN endpoint to compare the tailnet transfer with")
                    : payload.check(nodeId, overLan.endpoint(), tailnetEndpoint, version.ok()));
        }

        checks.add(board.authKey().map(k -> k.check(clock.instant(), authKeyWarning))
                .orElse(Check.skipped("tailscale-authkey", "audit", "no auth-key expiry reported by secrets-service yet")));
        return new HealthVerdict(nodeId, checks, overLan.endpoint(), overLan.talosVersion());
    }

    /** The explicit mapping, else the tailnet address (translated: on the LAN endpoint's port; else on 50000). */
    private String tailnetEndpoint(String nodeId, String tailnetAddress, String lanEndpoint) {
        String explicit = tailnet.endpoints().get(nodeId);
        if (explicit != null || tailnetAddress == null) {
            return explicit;
        }
        Optional<String> translated = tailnet.addressMap().translate(tailnetAddress);
        if (translated.isPresent()) {
            int port = lanEndpoint == null || lanEndpoint.isBlank() ? TalosEndpoint.DEFAULT_PORT
                    : TalosEndpoint.parse(lanEndpoint).port();
            return new TalosEndpoint(translated.get(), port).authority();
        }
        return new TalosEndpoint(tailnetAddress, TalosEndpoint.DEFAULT_PORT).authority();
    }

    private Optional<TailscaleDevice> device(String nodeId) throws java.io.IOException, InterruptedException {
        return tailscale.devices().stream()
                .filter(d -> d.hostname().equals(nodeId) || d.name().split("\\.")[0].equals(nodeId))
                .max(Comparator.comparing(TailscaleDevice::connectedToControl)
                        .thenComparing(d -> d.lastSeen() == null ? java.time.Instant.MAX : d.lastSeen()));
    }

    /** Publishes node.observed when the device's addresses or name differ from what the monitor last saw. */
    private synchronized NodeBoard.Observed observe(String nodeId, TailscaleDevice device, Optional<NodeBoard.Observed> known) {
        List<String> names = device.name().isEmpty() ? List.of() : List.of(device.name());
        if (known.isPresent() && known.get().tailnetAddresses().equals(device.addresses())
                && known.get().dnsNames().equals(names)) {
            return known.get();
        }
        NodeObserved observed = NodeObserved.newBuilder().setNodeId(nodeId).addAllTailnetAddresses(device.addresses())
                .addAllDnsNames(names).setSource("tailscale-api").build();
        var out = publisher.publish(Topics.NODE_OBSERVED, nodeId, observed, "", null);
        NodeBoard.Observed seen = new NodeBoard.Observed(nodeId, device.addresses(), names, "tailscale-api",
                clock.instant());
        board.observed(seen);
        audit.write(AuditEntry.of(publisher.producer(), "node.observed", "", nodeId,
                known.isPresent() ? "CHANGED" : "APPEARED", out.getEventId(), Map.of(
                        "tailnet_addresses", String.join(",", device.addresses()), "dns_names", String.join(",", names),
                        "previous", known.map(k -> String.join(",", k.tailnetAddresses()) + " "
                                + String.join(",", k.dnsNames())).orElse(""))));
        log.info("node {} {} on the tailnet: {} {}", nodeId, known.isPresent() ? "changed" : "appeared",
                device.addresses(), names);
        return seen;
    }

    /** Version over the tailnet, verifying the certificate as talosctl does for {@code serverName}. */
    private Check tailnetVersion(String endpoint, String serverName) {
        String named = TalosEndpoint.parse(endpoint).host().equals(serverName) ? "" : " (as " + serverName + ")";
        try {
            TalosClient client = tailnetClients.computeIfAbsent(endpoint + " " + serverName,
                    key -> TalosClient.builder(endpoint).credentials(credentials).dialPolicy(dialPolicy)
                            .tlsServerName(serverName).build());
            String tag = client.version().getVersion().getTag();
            return Check.pass("tailnet-talos-api", "tailnet", "Version " + tag + " over the tailnet at " + endpoint
                    + named + ", certificate verified");
        } catch (RuntimeException e) {
            // a channel keeps its last connection failure through its reconnect backoff: dial afresh next time
            Optional.ofNullable(tailnetClients.remove(endpoint + " " + serverName)).ifPresent(TalosClient::close);
            boolean names = CertificateSans.isNameMismatch(e.getMessage());
            return Check.fail("tailnet-talos-api", "tailnet", "Version over the tailnet at " + endpoint + named
                    + " failed: " + e.getMessage(), names
                    ? "add " + serverName + " to machine.certSANs (config-service does so on node.observed)"
                    : "check ext-tailscale and the tailnet ACLs; use the LAN endpoint meanwhile");
        }
    }

    private Check certificateSans(String endpoint, String address, String dnsName) {
        try {
            TlsCertificateInspector.Served served = certificates.inspect(endpoint);
            return CertificateSans.check(served.ipSans(), served.dnsSans(), address, dnsName);
        } catch (java.io.IOException | RuntimeException e) {
            return Check.fail(CertificateSans.CHECK, "tailnet", "TLS handshake with " + endpoint + " failed: "
                    + e.getMessage(), "check that apid listens on the tailnet address");
        }
    }

    @Override
    public void close() {
        tailnetClients.values().forEach(TalosClient::close);
        lan.close();
    }
}
