package dev.tailtalos.deployer.domain;

/** Applies a plaintext machine config to one node (the port to the Talos API). */
public interface NodeApplier {
    /**
     * @throws ApplyFailedException when the node refused or stayed unreachable through the retries
     */
    ApplyOutcome apply(String nodeId, String configDigest, byte[] config);
}
