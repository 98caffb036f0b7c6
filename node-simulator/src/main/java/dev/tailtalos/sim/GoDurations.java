package dev.tailtalos.sim;

import java.time.Duration;

/** Formats durations the way Go's time.Duration.String does for whole seconds (1m0s, 30s, 1h2m3s). */
final class GoDurations {

    private GoDurations() {
    }

    static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds == 0) {
            return duration.isZero() ? "0s" : duration.toMillis() + "ms";
        }
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + rest + "s";
        }
        if (minutes > 0) {
            return minutes + "m" + rest + "s";
        }
        return rest + "s";
    }
}
