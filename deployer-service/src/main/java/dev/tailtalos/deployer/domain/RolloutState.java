package dev.tailtalos.deployer.domain;

public enum RolloutState {
    RUNNING, COMPLETED, FAILED, ABORTED,
    /** A newer rollout of some of the same nodes took over (on_conflict: supersede). */
    SUPERSEDED;

    public boolean terminal() {
        return this != RUNNING;
    }
}
