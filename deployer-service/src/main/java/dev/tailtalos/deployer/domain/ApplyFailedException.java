package dev.tailtalos.deployer.domain;

/** An apply that gave up: permanent (the node refused) or transient errors that outlasted the retries. */
public class ApplyFailedException extends RuntimeException {
    private final boolean permanent;
    private final int attempts;

    public ApplyFailedException(String message, boolean permanent, int attempts, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
        this.attempts = attempts;
    }

    public boolean permanent() {
        return permanent;
    }

    public int attempts() {
        return attempts;
    }
}
