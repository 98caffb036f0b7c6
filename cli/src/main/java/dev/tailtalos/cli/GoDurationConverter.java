package dev.tailtalos.cli;

import dev.tailtalos.common.talos.TalosDurations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Duration options as talosctl takes them ({@code 45s}, {@code 1m30s}); ISO-8601 ({@code PT45S}) still accepted. */
public final class GoDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return TalosDurations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
