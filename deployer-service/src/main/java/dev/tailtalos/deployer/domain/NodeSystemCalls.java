package dev.tailtalos.deployer.domain;

/** The Talos API calls about a node's OS (port; the adapter speaks gRPC over mTLS). */
public interface NodeSystemCalls {
    /** Version and ExtensionStatuses: the Talos version and schematic the node runs. */
    OsState os(String nodeId, NodeEndpoint endpoint);

    /**
     * Like {@link #os} while the node is expected to be rebooting: failures do not count against the node's circuit
     * breaker.
     */
    default OsState osWhileRebooting(String nodeId, NodeEndpoint endpoint) {
        return os(nodeId, endpoint);
    }

    /** Upgrade to this installer image (not staged: the node reboots into it). */
    void upgrade(String nodeId, NodeEndpoint endpoint, String image);
}
