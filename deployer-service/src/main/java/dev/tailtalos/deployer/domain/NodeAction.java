package dev.tailtalos.deployer.domain;

/** A step the rollout wants carried out on a node. */
public record NodeAction(String nodeId, StepPurpose purpose) {
}
