package dev.tailtalos.deployer.domain;

import java.time.Instant;

/**
 * A node's place in a rollout, as reported: its state, why it is there, and for a waiting node what it waits for, how
 * long it has waited and its limit (0 when it has none), and its lease ("held", "waiting for rollout X" or "").
 */
public record NodeProgress(String nodeId, boolean controlPlane, int index, int wave, NodeState state,
                           String configDigest, String reason, String waitReason, Instant since, long waitedSeconds,
                           long timeoutSeconds, Instant startedAt, Instant finishedAt, long callMillis, String endpoint,
                           String lease) {
}
