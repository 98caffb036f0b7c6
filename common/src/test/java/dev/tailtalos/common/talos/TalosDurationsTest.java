package dev.tailtalos.common.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TalosDurationsTest {

    @Test
    void readsTalosctlDurations() {
        assertThat(TalosDurations.parse("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(TalosDurations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TalosDurations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(TalosDurations.parse("300ms")).isEqualTo(Duration.ofMillis(300));
        assertThat(TalosDurations.parse("2h45m0.5s")).isEqualTo(Duration.ofMinutes(165).plusMillis(500));
        assertThat(TalosDurations.parse("0")).isZero();
        assertThat(TalosDurations.parse("-10s")).isEqualTo(Duration.ofSeconds(-10));
    }

    @Test
    void stillReadsIso8601() {
        assertThat(TalosDurations.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThat(TalosDurations.parse("P1D")).isEqualTo(Duration.ofDays(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "45", "s", "1x", "1m30", "PTX", "1..5s", "m5"})
    void refusesWhatGoRefuses(String text) {
        assertThatThrownBy(() -> TalosDurations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid duration \"" + text + "\"").hasMessageContaining("1m30s");
    }
}
