package dev.tailtalos.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Duration options as talosctl takes them ({@code 45s}, {@code 1m30s}); ISO-8601 ({@code PT45S}) still accepted ({@link CliValues}). */
public final class GoDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return CliValues.duration(value);
    }
}
