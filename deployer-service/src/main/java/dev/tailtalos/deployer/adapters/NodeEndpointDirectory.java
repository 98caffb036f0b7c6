package dev.tailtalos.deployer.adapters;

import dev.tailtalos.common.talos.NodeEndpoints;
import dev.tailtalos.deployer.domain.EndpointPolicy;
import dev.tailtalos.deployer.domain.EndpointPolicy.TailnetView;
import dev.tailtalos.deployer.domain.NodeEndpoint;
import dev.tailtalos.proto.events.v1.HealthCheck;
import dev.tailtalos.proto.events.v1.NodeHealth;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Each node's LAN and tailnet endpoints (explicit mappings first, else the addresses from the cluster repo on the Talos
 * API port) and what the monitor last said about its tailnet path (node.health checks named {@code tailnet*}; one
 * whose name contains {@code mtu} reports a path-MTU problem). A node whose LAN endpoint is mapped but whose tailnet
 * endpoint is not gets no tailnet endpoint: its repo addresses are for rendering, not for dialing.
 */
public class NodeEndpointDirectory {
    private final NodeEndpoints lan;
    private final NodeEndpoints tailnet;
    private final Predicate<String> circuitOpen;
    private final Map<String, TailnetView> views = new ConcurrentHashMap<>();

    public NodeEndpointDirectory(NodeEndpoints lan, NodeEndpoints tailnet, Predicate<String> circuitOpen) {
        this.lan = lan;
        this.tailnet = tailnet;
        this.circuitOpen = circuitOpen;
    }

    public NodeEndpoint choose(String nodeId, List<String> lanAddresses, List<String> tailnetAddresses,
                               boolean largeTransfer) {
        String lanEndpoint = lan.overrides().containsKey(nodeId) || !lanAddresses.isEmpty()
                ? lan.endpoint(nodeId, lanAddresses) : null;
        String tailnetEndpoint;
        if (tailnet.overrides().containsKey(nodeId)) {
            tailnetEndpoint = tailnet.overrides().get(nodeId);
        } else if (lan.overrides().containsKey(nodeId) || tailnetAddresses.isEmpty()) {
            tailnetEndpoint = null;
        } else {
            tailnetEndpoint = tailnet.endpoint(nodeId, tailnetAddresses);
        }
        return EndpointPolicy.choose(nodeId, lanEndpoint, tailnetEndpoint,
                views.getOrDefault(nodeId, TailnetView.UNKNOWN),
                tailnetEndpoint != null && circuitOpen.test(tailnetEndpoint), largeTransfer);
    }

    /** Keeps the tailnet checks of the node's latest health report. */
    public void observe(NodeHealth health) {
        String tailnetFailure = null;
        String mtuFailure = null;
        boolean any = false;
        for (HealthCheck c : health.getChecksList()) {
            String name = c.getName().toLowerCase(Locale.ROOT);
            if (!name.startsWith("tailnet")) {
                continue;
            }
            any = true;
            if (!c.getOk()) {
                String what = c.getName() + ": " + c.getDetail();
                if (name.contains("mtu")) {
                    mtuFailure = what;
                } else {
                    tailnetFailure = what;
                }
            }
        }
        if (any) {
            views.put(health.getNodeId(), new TailnetView(tailnetFailure, mtuFailure));
        }
    }
}
