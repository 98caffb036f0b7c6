package dev.tailtalos.deployer.domain;

import java.time.Instant;

public record NodeProgress(String nodeId, boolean controlPlane, int index, NodeState state, String configDigest,
                           String reason, Instant since) {
    NodeProgress to(NodeState next, String why, Instant now) {
        return new NodeProgress(nodeId, controlPlane, index, next, configDigest, why, now);
    }
}
