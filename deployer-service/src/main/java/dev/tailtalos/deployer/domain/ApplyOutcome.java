package dev.tailtalos.deployer.domain;

/** What a node said to an apply: the mode it used and its details, and how many attempts it took. */
public record ApplyOutcome(String endpoint, String mode, String modeDetails, int attempts, boolean skippedAlreadyApplied) {
}
