package dev.tailtalos.deployer.domain;

import java.time.Duration;

/**
 * How a rollout proceeds: workers per wave, failures tolerated before it halts, the health gate's timeout, the progress
 * deadline after which it aborts, the apply mode, whether a node failing its health gate is rolled back, and whether
 * it starts paused, how long an OS upgrade (request, reboot, new version and extensions) may take, what a conflict
 * with an older running rollout of the same nodes does, and the scheduling strategy.
 */
public record RolloutPolicy(int maxParallel, int maxFailures, Duration healthTimeout, Duration progressDeadline,
                            ApplyMode applyMode, boolean rollbackOnFailure, Duration tryTimeout, boolean startPaused,
                            Duration upgradeTimeout, OnConflict onConflict, String strategy) {

    public static final String WAVES = "waves";

    public RolloutPolicy(int maxParallel, int maxFailures, Duration healthTimeout, Duration progressDeadline,
                         ApplyMode applyMode, boolean rollbackOnFailure, Duration tryTimeout, boolean startPaused,
                         Duration upgradeTimeout) {
        this(maxParallel, maxFailures, healthTimeout, progressDeadline, applyMode, rollbackOnFailure, tryTimeout,
                startPaused, upgradeTimeout, OnConflict.SUPERSEDE, WAVES);
    }

    public RolloutPolicy {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1, got " + maxParallel);
        }
        if (maxFailures < 0) {
            throw new IllegalArgumentException("maxFailures must not be negative, got " + maxFailures);
        }
        requirePositive(healthTimeout, "healthTimeout");
        requirePositive(progressDeadline, "progressDeadline");
        requirePositive(tryTimeout, "tryTimeout");
        requirePositive(upgradeTimeout, "upgradeTimeout");
        if (onConflict == null) {
            throw new IllegalArgumentException("onConflict is required");
        }
        if (!WAVES.equals(strategy)) {
            throw new IllegalArgumentException("strategy: '" + strategy + "' is not supported (only waves)");
        }
        if (applyMode == null) {
            throw new IllegalArgumentException("applyMode is required");
        }
        if (applyMode == ApplyMode.TRY && tryTimeout.compareTo(healthTimeout) <= 0) {
            throw new IllegalArgumentException("tryTimeout (" + tryTimeout.toSeconds() + " s) must be longer than "
                    + "healthTimeout (" + healthTimeout.toSeconds() + " s), or a healthy node reverts before it is confirmed");
        }
    }

    public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofMinutes(5);

    public static RolloutPolicy defaults(Duration healthTimeout) {
        return new RolloutPolicy(1, 0, healthTimeout, Duration.ofMinutes(10), ApplyMode.AUTO, true,
                healthTimeout.plusMinutes(1), false, DEFAULT_UPGRADE_TIMEOUT);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
