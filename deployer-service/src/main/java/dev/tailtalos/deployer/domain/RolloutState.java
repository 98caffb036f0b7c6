package dev.tailtalos.deployer.domain;

public enum RolloutState {
    RUNNING, COMPLETED, FAILED
}
