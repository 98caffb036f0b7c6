package dev.tailtalos.common.rollout;

import dev.tailtalos.common.talos.TalosDurations;
import java.time.Duration;
import java.util.Optional;

/** Durations as users write them: Go / talosctl syntax ({@code 45s}, {@code 1m30s}, {@code 1.5h}) or ISO-8601 ({@code PT45S}). */
public final class PolicyDurations {

    private PolicyDurations() {
    }

    /** The duration, or empty when the text is neither Go nor ISO-8601 syntax ({@link TalosDurations}). */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TalosDurations.parse(text));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Go's short form for whole seconds ({@code 45s}, {@code 10m0s}, {@code 1h0m0s}). */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() != 0 || s == 0) {
            return d.isZero() ? "0s" : d.toMillis() + "ms";
        }
        long h = s / 3600;
        long m = s % 3600 / 60;
        long rest = s % 60;
        return h > 0 ? h + "h" + m + "m" + rest + "s" : m > 0 ? m + "m" + rest + "s" : rest + "s";
    }
}
