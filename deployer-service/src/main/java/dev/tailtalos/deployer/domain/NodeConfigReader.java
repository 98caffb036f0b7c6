package dev.tailtalos.deployer.domain;

/**
 * Reads back which config a node runs, to decide idempotently whether to apply (and to resolve an apply whose reply
 * was lost) without applying blindly again. Implementations: a dry-run diff against the config (works on any Talos
 * node), or the node's MachineConfig resource (COSI {@code MachineConfigs.config.talos.dev/v1alpha1}) compared by
 * SHA-256.
 */
public interface NodeConfigReader {
    enum Match {
        /** The node runs exactly this config. */
        SAME,
        /** The node runs something else (or nothing). */
        DIFFERENT
    }

    /** @throws RuntimeException when the node could not be asked (the caller classifies and retries) */
    Match runs(String nodeId, NodeEndpoint endpoint, byte[] config, String configDigest);

    /**
     * Like {@link #runs}, and when the read-back was itself a dry run in AUTO mode, its reply (saves the caller a
     * second dry run).
     */
    default ReadBack readBack(String nodeId, NodeEndpoint endpoint, byte[] config, String configDigest) {
        return new ReadBack(runs(nodeId, endpoint, config, configDigest), null);
    }

    /** @param autoDryRun the AUTO-mode dry-run reply the read-back was made from, or null */
    record ReadBack(Match match, NodeCalls.ApplyReply autoDryRun) {
    }
}
