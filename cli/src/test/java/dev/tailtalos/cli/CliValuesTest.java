package dev.tailtalos.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliValuesTest {

    @Test
    void goDurationsAsTalosctlTakesThem() {
        assertThat(CliValues.duration("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(CliValues.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(CliValues.duration("2h45m")).isEqualTo(Duration.ofMinutes(165));
        assertThat(CliValues.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(CliValues.duration("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(CliValues.duration("0")).isZero();
    }

    @Test
    void isoDurationsStillWork() {
        assertThat(CliValues.duration("PT3M")).isEqualTo(Duration.ofMinutes(3));
        assertThat(CliValues.duration("pt0.2s")).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void badDurationsSayWhatIsExpected() {
        assertThatThrownBy(() -> CliValues.duration("soon")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'soon' is not a duration (e.g. 45s, 1m30s, 2h, 500ms or PT45S)");
        assertThatThrownBy(() -> CliValues.duration("5")).hasMessageContaining("'5' is not a duration");
        assertThatThrownBy(() -> CliValues.duration("1m30")).hasMessageContaining("'1m30' is not a duration");
        assertThatThrownBy(() -> CliValues.duration("-10s")).hasMessage("'-10s' is negative; a duration here is 0 or more");
        assertThatThrownBy(() -> CliValues.duration("PT-5S")).hasMessage("'PT-5S' is negative; a duration here is 0 or more");
    }

    @Test
    void timesAreInstantsDatesOrAgo() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-08T12:00:00Z"), ZoneOffset.UTC);
        assertThat(CliValues.instant("2026-12-01T08:00:00Z", clock)).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(CliValues.instant("2026-12-01", clock)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(CliValues.instant("2h", clock)).isEqualTo(Instant.parse("2026-12-08T10:00:00Z"));
        assertThatThrownBy(() -> CliValues.instant("yesterday", clock)).hasMessageContaining("'yesterday' is not a time");
    }
}
