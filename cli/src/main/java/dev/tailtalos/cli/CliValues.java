package dev.tailtalos.cli;

import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the CLI reads durations and points in time, the way talosctl users type them: Go durations ({@code 45s},
 * {@code 1m30s}, {@code 2h}, {@code 500ms}) and ISO-8601 ({@code PT45S}); times as ISO-8601 instants, dates (midnight
 * UTC) or a duration ago ({@code 2h} = two hours before now).
 */
public final class CliValues {
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final String DURATION_EXAMPLES = "e.g. 45s, 1m30s, 2h, 500ms or PT45S";

    private CliValues() {
    }

    /** A non-negative duration; picocli reports the message as "Invalid value for option '--x': …". */
    public static Duration duration(String text) {
        String value = text == null ? "" : text.strip();
        Duration parsed = value.toUpperCase(Locale.ROOT).startsWith("P") ? iso(value) : go(value);
        if (parsed == null) {
            throw new TypeConversionException("'" + value + "' is not a duration (" + DURATION_EXAMPLES + ")");
        }
        if (parsed.isNegative()) {
            throw new TypeConversionException("'" + value + "' is negative; a duration here is 0 or more");
        }
        return parsed;
    }

    /** An instant, a date (midnight UTC), or a duration before now. */
    public static Instant instant(String text, Clock clock) {
        String value = text == null ? "" : text.strip();
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                Duration ago = value.toUpperCase(Locale.ROOT).startsWith("P") ? iso(value) : go(value);
                if (ago == null || ago.isNegative()) {
                    throw new TypeConversionException("'" + value + "' is not a time (an instant such as "
                            + "2026-12-01T08:00:00Z, a date such as 2026-12-01, or how long ago: 2h, 30m)");
                }
                return clock.instant().minus(ago);
            }
        }
    }

    private static Duration iso(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration go(String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher part = GO_PART.matcher(value);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < value.length()) {
            if (!part.find(at) || part.start() != at) {
                return null;
            }
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS.get(part.group(2)))));
            at = part.end();
        }
        return at == 0 ? null : Duration.ofNanos(nanos.longValue());
    }
}
