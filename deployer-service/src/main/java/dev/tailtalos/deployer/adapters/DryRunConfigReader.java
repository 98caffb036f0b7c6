package dev.tailtalos.deployer.adapters;

import dev.tailtalos.deployer.domain.ApplyMode;
import dev.tailtalos.deployer.domain.NodeCalls;
import dev.tailtalos.deployer.domain.NodeConfigReader;
import dev.tailtalos.deployer.domain.NodeEndpoint;

/**
 * Reads back by asking the node itself: a dry-run ApplyConfiguration of the config changes nothing and answers with
 * the diff against what the node runs, "No changes." when it runs exactly this config. Works with every Talos version
 * and the simulator; a COSI MachineConfig reader can replace it where the node serves the resource API.
 */
public class DryRunConfigReader implements NodeConfigReader {
    static final String NO_CHANGES = "No changes.";
    private final NodeCalls calls;

    public DryRunConfigReader(NodeCalls calls) {
        this.calls = calls;
    }

    @Override
    public Match runs(String nodeId, NodeEndpoint endpoint, byte[] config, String configDigest) {
        return readBack(nodeId, endpoint, config, configDigest).match();
    }

    @Override
    public ReadBack readBack(String nodeId, NodeEndpoint endpoint, byte[] config, String configDigest) {
        NodeCalls.ApplyReply reply = calls.apply(nodeId, endpoint, config, ApplyMode.AUTO, true, null);
        String details = reply.details().stripTrailing();
        return new ReadBack(details.endsWith("\n" + NO_CHANGES) ? Match.SAME : Match.DIFFERENT, reply);
    }
}
