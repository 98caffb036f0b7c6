package dev.tailtalos.monitor.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The latest health report and the tailnet identity observed for each node. */
public final class NodeBoard {

    public record CheckView(String name, String result, boolean ok, String detail, String recommendation, String path) {
    }

    public record HealthView(String nodeId, boolean healthy, Instant checkedAt, String trigger, String rolloutId,
                             String endpoint, String talosVersion, List<CheckView> checks) {
    }

    public record Observed(String nodeId, List<String> tailnetAddresses, List<String> dnsNames, String source,
                           Instant at) {
    }

    public record NodeView(String nodeId, HealthView health, Observed observed) {
    }

    private final Map<String, HealthView> health = new TreeMap<>();
    private final Map<String, Observed> observed = new TreeMap<>();
    private final Map<String, String> lanEndpoints = new TreeMap<>();
    private final Map<String, AuthKeyExpiry> authKeys = new TreeMap<>();

    /** A stored auth key as secrets-service last reported it (per custody path; the newer report wins). */
    public synchronized void authKey(AuthKeyExpiry key) {
        AuthKeyExpiry current = authKeys.get(key.custodyPath());
        if (current == null || !key.reportedAt().isBefore(current.reportedAt())) {
            authKeys.put(key.custodyPath(), key);
        }
    }

    /** A SecretAlert from secrets-service for the key at {@code custodyPath} ({@code expires} may be null). */
    public synchronized void authKeyAlert(String custodyPath, String keyId, Instant expires, String kind, String reason,
                                          Instant at) {
        AuthKeyExpiry current = authKeys.get(custodyPath);
        authKeys.put(custodyPath, current == null ? new AuthKeyExpiry(custodyPath, keyId, expires, at, kind, reason)
                : current.withAlert(kind, reason, keyId, expires, at));
    }

    /** The key that needs attention first: one with an unknown expiry, else the soonest to expire. */
    public synchronized Optional<AuthKeyExpiry> authKey() {
        return authKeys.values().stream().min(java.util.Comparator.comparing(AuthKeyExpiry::expires,
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
    }

    /** The Talos API endpoint a node answers on over the LAN (configured, or learned from node.applied). */
    public synchronized void lanEndpoint(String nodeId, String endpoint) {
        if (endpoint != null && !endpoint.isBlank()) {
            lanEndpoints.put(nodeId, endpoint);
        }
    }

    public synchronized Optional<String> lanEndpoint(String nodeId) {
        return Optional.ofNullable(lanEndpoints.get(nodeId));
    }

    /** Every node the monitor knows of, by any source. */
    public synchronized List<String> knownNodes() {
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(lanEndpoints.keySet());
        ids.addAll(health.keySet());
        ids.addAll(observed.keySet());
        return List.copyOf(ids);
    }

    public synchronized void health(HealthView view) {
        HealthView current = health.get(view.nodeId());
        if (current == null || !view.checkedAt().isBefore(current.checkedAt())) {
            health.put(view.nodeId(), view);
        }
    }

    public synchronized void observed(Observed o) {
        observed.put(o.nodeId(), o);
    }

    public synchronized Optional<Observed> observed(String nodeId) {
        return Optional.ofNullable(observed.get(nodeId));
    }

    public synchronized Optional<HealthView> health(String nodeId) {
        return Optional.ofNullable(health.get(nodeId));
    }

    public synchronized List<NodeView> nodes() {
        return knownNodes().stream().map(id -> new NodeView(id, health.get(id), observed.get(id))).toList();
    }
}
