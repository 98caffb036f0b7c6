package dev.tailtalos.config.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the system has observed of each node on the tailnet (Tailscale IPs and MagicDNS names), rebuilt from the
 * node.observed topic. Rendering adds these to the node's cert SANs.
 */
public final class TailnetObservations {

    /** One node's tailnet identity; {@link #sans()} is what goes into certSANs (addresses first). */
    public record Tailnet(List<String> addresses, List<String> dnsNames) {
        public Tailnet {
            addresses = List.copyOf(new LinkedHashSet<>(addresses));
            dnsNames = List.copyOf(new LinkedHashSet<>(dnsNames.stream().map(TailnetObservations::trimDot).toList()));
        }

        public List<String> sans() {
            List<String> sans = new ArrayList<>(addresses);
            sans.addAll(dnsNames);
            return sans;
        }

        public boolean isEmpty() {
            return addresses.isEmpty() && dnsNames.isEmpty();
        }
    }

    /** A node whose tailnet identity appeared or changed. */
    public record Change(String nodeId, Tailnet before, Tailnet after) {
        public String describe() {
            boolean joined = before == null || before.isEmpty();
            return "tailnet address of " + nodeId + (joined ? ": " + nodeId + " joined the tailnet as " : " changed to ")
                    + String.join(", ", after.sans());
        }
    }

    private final Map<String, Tailnet> nodes = new ConcurrentHashMap<>();

    /** Records an observation; a change only when the node's addresses or names differ from what was known. */
    public Optional<Change> observe(String nodeId, List<String> addresses, List<String> dnsNames) {
        Tailnet after = new Tailnet(addresses, dnsNames);
        if (after.isEmpty()) {
            return Optional.empty();
        }
        Tailnet before = nodes.put(nodeId, after);
        if (after.equals(before)) {
            return Optional.empty();
        }
        return Optional.of(new Change(nodeId, before, after));
    }

    public Map<String, List<String>> sansByNode() {
        Map<String, List<String>> sans = new java.util.HashMap<>();
        nodes.forEach((node, tailnet) -> sans.put(node, tailnet.sans()));
        return sans;
    }

    public Optional<Tailnet> of(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId));
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
