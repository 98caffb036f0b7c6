package dev.tailtalos.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PayloadDeadlineTest {

    @Test
    void scalesWithTheLanTransferAndTheSmallCallLatency() {
        assertThat(PayloadDeadline.forTailnet(Duration.ofSeconds(2), 2_500, 30)).isEqualTo(Duration.ofMillis(13_000));
    }

    @Test
    void neverDropsBelowTheFloor() {
        assertThat(PayloadDeadline.forTailnet(Duration.ofSeconds(2), 40, 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(PayloadDeadline.forTailnet(Duration.ofSeconds(2), -1, -1)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void explainsHowItWasComputed() {
        assertThat(PayloadDeadline.explain(Duration.ofMillis(13_000), Duration.ofSeconds(2), 2_500, 30))
                .isEqualTo("13000 ms deadline (max of floor 2000 ms and 4 × LAN transfer 2500 ms + 100 × tailnet small"
                        + " call 30 ms)");
    }

    @Test
    void aHealthSummaryCountsWhatRanAndNamesWhatWasSkipped() {
        HealthVerdict verdict = new HealthVerdict("k8s-1", java.util.List.of(
                HealthVerdict.Check.pass("talos-api", "lan", "ok"),
                HealthVerdict.Check.skipped("tailscale-device", "tailscale-api", "no Tailscale API credentials")), "", "");
        assertThat(verdict.summary()).isEqualTo("all 1 checks that ran passed; 1 skipped: tailscale-device");
        assertThat(new HealthVerdict("k8s-1", java.util.List.of(HealthVerdict.Check.pass("talos-api", "lan", "ok")),
                "", "").summary()).isEqualTo("all 1 checks passed");
    }
}
