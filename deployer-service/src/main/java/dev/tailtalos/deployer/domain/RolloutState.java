package dev.tailtalos.deployer.domain;

public enum RolloutState {
    RUNNING, COMPLETED, FAILED, ABORTED;

    public boolean terminal() {
        return this != RUNNING;
    }
}
