package dev.tailtalos.cli;

import dev.tailtalos.common.talos.TalosDurations;
import picocli.CommandLine.TypeConversionException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * How the CLI reads durations and points in time, the way talosctl users type them: Go durations ({@code 45s},
 * {@code 1m30s}, {@code 2h}, {@code 500ms}) and ISO-8601 ({@code PT45S}); times as ISO-8601 instants, dates (midnight
 * UTC) or a duration ago ({@code 2h} = two hours before now).
 */
public final class CliValues {
    private static final String DURATION_EXAMPLES = "e.g. 45s, 1m30s, 2h, 500ms or PT45S";

    private CliValues() {
    }

    /** A non-negative duration; picocli reports the message as "Invalid value for option '--x': …". */
    public static Duration duration(String text) {
        String value = text == null ? "" : text.strip();
        Duration parsed = go(value);
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
                Duration ago = go(value);
                if (ago == null || ago.isNegative()) {
                    throw new TypeConversionException("'" + value + "' is not a time (an instant such as "
                            + "2026-12-01T08:00:00Z, a date such as 2026-12-01, or how long ago: 2h, 30m)");
                }
                return clock.instant().minus(ago);
            }
        }
    }

    private static Duration go(String value) {
        try {
            return TalosDurations.parse(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
