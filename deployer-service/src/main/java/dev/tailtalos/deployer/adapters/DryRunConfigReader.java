package dev.tailtalos.deployer.adapters;

import dev.tailtalos.deployer.domain.ApplyMode;
import dev.tailtalos.deployer.domain.NodeCalls;
import dev.tailtalos.deployer.domain.NodeConfigReader;
import dev.tailtalos.deployer.domain.NodeEndpoint;

/**
 * Reads back by asking the node itself: a dry-run ApplyConfiguration of the config changes nothing and answers with
 * the diff against what the node runs, "No changes." when it runs exactly this config. Works with every Talos version
 * and needs no read access to the MachineConfig resource; the reply doubles as the AUTO-mode reboot classification.
 */
public class DryRunConfigReader implements NodeConfigReader {
    static final String NO_CHANGES = "No changes.";
    static final String SOURCE = "dry-run diff";
    private final NodeCalls calls;

    public DryRunConfigReader(NodeCalls calls) {
        this.calls = calls;
    }

    @Override
    public ReadBack readBack(String nodeId, NodeEndpoint endpoint, byte[] config, String configDigest) {
        NodeCalls.ApplyReply reply = calls.apply(nodeId, endpoint, config, ApplyMode.AUTO, true, null);
        return new ReadBack(unchanged(reply) ? Match.SAME : Match.DIFFERENT, reply, SOURCE);
    }

    /** The dry run's diff says the node already runs exactly this config. */
    static boolean unchanged(NodeCalls.ApplyReply dryRun) {
        return dryRun.details().stripTrailing().endsWith("\n" + NO_CHANGES);
    }
}
