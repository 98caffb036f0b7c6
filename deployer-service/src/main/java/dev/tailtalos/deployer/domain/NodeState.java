package dev.tailtalos.deployer.domain;

public enum NodeState {
    WAITING_CONFIG, SEALED, APPLYING, APPLIED, HEALTHY, FAILED;

    boolean settled() {
        return this == HEALTHY || this == FAILED;
    }
}
