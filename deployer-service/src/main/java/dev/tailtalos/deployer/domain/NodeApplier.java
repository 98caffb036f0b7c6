package dev.tailtalos.deployer.domain;

/** Applies a plaintext machine config to one node (the port to the Talos API). */
public interface NodeApplier {
    /**
     * @throws ApplyFailedException when the node refused or stayed unreachable through the retries
     */
    ApplyOutcome apply(String nodeId, java.util.List<String> addresses, String configDigest, byte[] config);
}
