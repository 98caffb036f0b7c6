package dev.tailtalos.common.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutPolicyFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RolloutRequested read(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        RolloutRequested.Builder b = RolloutRequested.newBuilder();
        RolloutPolicyFields.read(node, b, "tailtalos.yaml", "rollout.", f -> f.equals("max_parallel") ? 3 : 7);
        return b.build();
    }

    @Test
    void everyFieldIsRead() throws Exception {
        RolloutRequested r = read("""
                {"max_parallel": 10, "max_failures": "0", "health_timeout": "45s", "progress_deadline": "PT10M",
                 "apply_mode": "no_reboot", "rollback_on_failure": false, "try_timeout": "1m30s",
                 "start_paused": "true", "upgrade_timeout": "1.5h", "on_conflict": "queue", "strategy": "waves"}""");
        assertThat(r.getMaxParallel()).isEqualTo(10);
        assertThat(r.hasMaxFailures()).isTrue();
        assertThat(r.getMaxFailures()).isZero();
        assertThat(r.getHealthTimeout().getSeconds()).isEqualTo(45);
        assertThat(r.getProgressDeadline().getSeconds()).isEqualTo(600);
        assertThat(r.getApplyMode()).isEqualTo("no-reboot");
        assertThat(r.hasRollbackOnFailure()).isTrue();
        assertThat(r.getRollbackOnFailure()).isFalse();
        assertThat(r.getTryTimeout().getSeconds()).isEqualTo(90);
        assertThat(r.getStartPaused()).isTrue();
        assertThat(r.getUpgradeTimeout().getSeconds()).isEqualTo(5400);
        assertThat(r.getOnConflict()).isEqualTo("queue");
        assertThat(r.getStrategy()).isEqualTo("waves");
    }

    @Test
    void badValuesAreRefusedNamingFileLineAndField() {
        assertThatThrownBy(() -> read("{\"max_parallel\": 0}")).isInstanceOf(PolicyFieldException.class)
                .hasMessage("tailtalos.yaml:3 rollout.max_parallel: must be at least 1, got 0");
        assertThatThrownBy(() -> read("{\"health_timeout\": \"soon\"}"))
                .hasMessageStartingWith("tailtalos.yaml:7 rollout.health_timeout: is not a duration");
        assertThatThrownBy(() -> read("{\"health_timeout\": \"-5s\"}"))
                .hasMessageContaining("must be a positive duration");
        assertThatThrownBy(() -> read("{\"apply_mode\": \"reboot\"}"))
                .hasMessageContaining("rollout.apply_mode: must be one of auto, no-reboot, staged, try, got 'reboot'");
        assertThatThrownBy(() -> read("{\"on_conflict\": \"merge\"}")).hasMessageContaining("rollout.on_conflict");
        assertThatThrownBy(() -> read("{\"strategy\": \"rolling\"}")).hasMessageContaining("not implemented yet");
        assertThatThrownBy(() -> read("{\"start_paused\": \"yes\"}")).hasMessageContaining("must be true or false");
        assertThatThrownBy(() -> read("{\"maxParallel\": 2}")).hasMessageContaining("unknown policy field");
        assertThatThrownBy(() -> read("[1]")).hasMessageContaining("must be a mapping");
    }

    @Test
    void durationsInGoAndIsoSyntax() {
        assertThat(PolicyDurations.parse("45s")).contains(Duration.ofSeconds(45));
        assertThat(PolicyDurations.parse("1h2m3s")).contains(Duration.ofSeconds(3723));
        assertThat(PolicyDurations.parse("300ms")).contains(Duration.ofMillis(300));
        assertThat(PolicyDurations.parse("PT1M30S")).contains(Duration.ofSeconds(90));
        assertThat(PolicyDurations.parse("P1D")).contains(Duration.ofDays(1));
        assertThat(PolicyDurations.parse("10")).isEmpty();
        assertThat(PolicyDurations.parse("5 m")).isEmpty();
        assertThat(PolicyDurations.parse("m")).isEmpty();
        assertThat(PolicyDurations.format(Duration.ofMinutes(10))).isEqualTo("10m0s");
        assertThat(PolicyDurations.format(Duration.ofSeconds(45))).isEqualTo("45s");
    }
}
