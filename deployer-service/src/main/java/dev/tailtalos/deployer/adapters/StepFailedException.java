package dev.tailtalos.deployer.adapters;

/** A node step that gave up: permanent (the node refused) or transient errors that outlasted the retries. */
public class StepFailedException extends RuntimeException {
    private final boolean permanent;
    private final int attempts;
    private final String stage;

    public StepFailedException(String stage, String message, boolean permanent, int attempts, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.permanent = permanent;
        this.attempts = attempts;
    }

    public boolean permanent() {
        return permanent;
    }

    public int attempts() {
        return attempts;
    }

    public String stage() {
        return stage;
    }
}
