package dev.tailtalos.deployer.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which rollout may change a node: at most one at a time. A rollout takes a node's lease before it starts the node and
 * gives it back once the node settled, or once the rollout ended and no step of it is running on the node. Rebuilt
 * like everything else by replaying the topics: the rollouts take and give back leases as the events say.
 */
public final class NodeLeases {
    private final Map<String, String> holders = new HashMap<>();

    /** @return true when {@code rolloutId} holds the lease now (it was free or already its own) */
    public boolean acquire(String nodeId, String rolloutId) {
        return holders.computeIfAbsent(nodeId, n -> rolloutId).equals(rolloutId);
    }

    public void release(String nodeId, String rolloutId) {
        holders.remove(nodeId, rolloutId);
    }

    public Optional<String> holder(String nodeId) {
        return Optional.ofNullable(holders.get(nodeId));
    }

    public boolean holds(String nodeId, String rolloutId) {
        return rolloutId.equals(holders.get(nodeId));
    }
}
