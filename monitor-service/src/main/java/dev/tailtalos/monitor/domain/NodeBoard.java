package dev.tailtalos.monitor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
        List<String> ids = new ArrayList<>(health.keySet());
        observed.keySet().stream().filter(k -> !health.containsKey(k)).forEach(ids::add);
        ids.sort(Comparator.naturalOrder());
        return ids.stream().map(id -> new NodeView(id, health.get(id), observed.get(id))).toList();
    }
}
