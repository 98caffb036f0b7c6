package dev.tailtalos.common.rollout;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: Go / talosctl syntax ({@code 45s}, {@code 1m30s}, {@code 1.5h}) or ISO-8601 ({@code PT45S}). */
public final class PolicyDurations {
    private static final Pattern GO_PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private PolicyDurations() {
    }

    /** The duration, or empty when the text is neither Go nor ISO-8601 syntax. */
    public static Optional<Duration> parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.startsWith("P") || s.startsWith("p") || s.startsWith("-P")) {
            try {
                return Optional.of(Duration.parse(s));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return go(s);
    }

    private static Optional<Duration> go(String s) {
        boolean negative = s.startsWith("-");
        String body = negative || s.startsWith("+") ? s.substring(1) : s;
        if (body.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher m = GO_PART.matcher(body);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            nanos = nanos.add(new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1))
                    .multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
            at = m.end();
        }
        if (at == 0 || nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Optional.empty();
        }
        long n = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
        return Optional.of(Duration.ofNanos(negative ? -n : n));
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
