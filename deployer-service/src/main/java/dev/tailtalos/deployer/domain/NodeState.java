package dev.tailtalos.deployer.domain;

public enum NodeState {
    /** Known from a health or failure report, config not sealed yet. */
    WAITING_CONFIG,
    /** Sealed and planned into a wave; not started. */
    SEALED,
    /** A worker is applying the config (unseal, read back, dry run, apply). */
    APPLYING,
    /** The installer image changed: the node is being upgraded (and rebooted) before the config is applied. */
    UPGRADING,
    /** Applied; waiting for a healthy node.health. */
    APPLIED,
    /** Try mode: healthy, the config is being made permanent. */
    CONFIRMING,
    /** The health gate failed; the last-known-good config is being applied. */
    ROLLING_BACK,
    HEALTHY,
    FAILED,
    ROLLED_BACK;

    public boolean settled() {
        return this == HEALTHY || this == FAILED || this == ROLLED_BACK;
    }

    public boolean failure() {
        return this == FAILED || this == ROLLED_BACK;
    }

    /** A worker owns the node right now. */
    public boolean inFlight() {
        return this == APPLYING || this == UPGRADING || this == CONFIRMING || this == ROLLING_BACK;
    }
}
