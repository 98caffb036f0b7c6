package dev.tailtalos.deployer.domain;

/**
 * Chooses a node's endpoint per call: the tailnet when the node has one and it is healthy; the LAN when the tailnet is
 * unhealthy, its circuit is open, or the call moves a large payload while the monitor reports a path-MTU problem on
 * the tailnet (small calls work there while large ones stall).
 */
public final class EndpointPolicy {
    private EndpointPolicy() {
    }

    /**
     * @param lan the LAN endpoint, or null
     * @param tailnet the tailnet endpoint, or null
     * @param network what the monitor last reported about the node's tailnet
     * @param tailnetCircuitOpen the circuit breaker of the tailnet endpoint refuses calls
     */
    public static NodeEndpoint choose(String nodeId, String lan, String tailnet, TailnetView network,
                                      boolean tailnetCircuitOpen, boolean largeTransfer) {
        if (tailnet == null && lan == null) {
            throw new IllegalArgumentException("node " + nodeId + " has no LAN and no tailnet endpoint");
        }
        if (tailnet == null) {
            return new NodeEndpoint(lan, NodeEndpoint.Path.LAN, "no tailnet endpoint");
        }
        String why = null;
        if (network.tailnetFailure() != null) {
            why = "tailnet unhealthy (" + network.tailnetFailure() + ")";
        } else if (tailnetCircuitOpen) {
            why = "tailnet circuit open after repeated failures";
        } else if (largeTransfer && network.mtuFailure() != null) {
            why = "large transfer and tailnet MTU problem (" + network.mtuFailure() + ")";
        }
        if (why == null) {
            return new NodeEndpoint(tailnet, NodeEndpoint.Path.TAILNET, "tailnet healthy");
        }
        if (lan == null) {
            return new NodeEndpoint(tailnet, NodeEndpoint.Path.TAILNET, why + ", but no LAN endpoint");
        }
        return new NodeEndpoint(lan, NodeEndpoint.Path.LAN, why);
    }

    /** What node.health said about the tailnet path: failing check details, or null when fine or unknown. */
    public record TailnetView(String tailnetFailure, String mtuFailure) {
        public static final TailnetView UNKNOWN = new TailnetView(null, null);
    }
}
