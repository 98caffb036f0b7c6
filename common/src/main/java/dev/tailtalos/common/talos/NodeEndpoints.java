package dev.tailtalos.common.talos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where to dial each node: an explicit mapping (the demo and tests map every node to a loopback address), else the
 * node's first address from the cluster repo on the Talos API port 50000.
 */
public final class NodeEndpoints {
    public static final int TALOS_API_PORT = 50000;
    private final Map<String, String> overrides;

    public NodeEndpoints(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /** Parses {@code node=host:port,node2=host:port}. */
    public static NodeEndpoints parse(String spec) {
        Map<String, String> map = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String pair : spec.split(",")) {
                String[] kv = pair.trim().split("=", 2);
                if (kv.length != 2 || kv[0].isBlank() || !kv[1].contains(":")) {
                    throw new IllegalArgumentException("tailtalos.nodes.endpoints: '" + pair.trim()
                            + "' is not node=host:port");
                }
                map.put(kv[0].trim(), kv[1].trim());
            }
        }
        return new NodeEndpoints(map);
    }

    public String endpoint(String nodeId, List<String> addresses) {
        String mapped = overrides.get(nodeId);
        if (mapped != null) {
            return mapped;
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("node " + nodeId + " has no address and no endpoint mapping");
        }
        String a = addresses.get(0);
        return (a.contains(":") ? "[" + a + "]" : a) + ":" + TALOS_API_PORT;
    }

    public Map<String, String> overrides() {
        return overrides;
    }
}
