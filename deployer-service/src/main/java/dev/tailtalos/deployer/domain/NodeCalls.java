package dev.tailtalos.deployer.domain;

import java.time.Duration;

/** The Talos API calls the deployer makes to one node endpoint (port; the adapter speaks gRPC over mTLS). */
public interface NodeCalls {
    /**
     * ApplyConfiguration with one mode; a dry run changes nothing and returns the diff in the details.
     *
     * @param tryTimeout only for {@link ApplyMode#TRY}
     */
    ApplyReply apply(String nodeId, NodeEndpoint endpoint, byte[] config, ApplyMode mode, boolean dryRun,
                     Duration tryTimeout);

    /** What the node answered: the mode it used (AUTO resolves to NO_REBOOT or REBOOT) and its details. */
    record ApplyReply(String mode, String details) {
        public boolean reboot() {
            return "REBOOT".equals(mode);
        }
    }
}
