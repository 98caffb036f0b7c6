package dev.tailtalos.deployer.domain;

/**
 * Reads back which config a node runs, to decide idempotently whether to apply (and to resolve an apply whose reply
 * was lost) without applying blindly again. Implementations: the node's MachineConfig resource (COSI
 * {@code MachineConfigs.config.talos.dev/v1alpha1}) compared by SHA-256, or a dry-run diff against the config (works
 * on any Talos node and for any client role).
 */
public interface NodeConfigReader {
    enum Match {
        /** The node runs exactly this config. */
        SAME,
        /** The node runs something else (or nothing). */
        DIFFERENT
    }

    /**
     * @return the answer, where it came from, and when the read-back was itself a dry run in AUTO mode its reply
     * @throws RuntimeException when the node could not be asked (the caller classifies and retries)
     */
    ReadBack readBack(String nodeId, NodeEndpoint endpoint, byte[] config, String configDigest);

    /**
     * @param autoDryRun the AUTO-mode dry-run reply the read-back was made from, or null
     * @param source how the answer was obtained, for the audit (e.g. "COSI MachineConfig sha256")
     */
    record ReadBack(Match match, NodeCalls.ApplyReply autoDryRun, String source) {
    }
}
