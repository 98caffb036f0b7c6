package dev.tailtalos.monitor.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The auth-key check from what secrets-service reports: stored keys per custody path and its SecretAlerts. */
class AuthKeyBoardTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final Duration WARN = Duration.ofDays(14);

    @Test
    void theKeyThatExpiresFirstIsReportedAndANewerReportReplacesAnOlderOne() {
        NodeBoard board = new NodeBoard();
        board.authKey(new AuthKeyExpiry("tailscale/a", "kA", NOW.plus(Duration.ofDays(60)), NOW));
        board.authKey(new AuthKeyExpiry("tailscale/b", "kB", NOW.plus(Duration.ofDays(5)), NOW));
        assertThat(board.authKey().orElseThrow().custodyPath()).isEqualTo("tailscale/b");
        assertThat(board.authKey().orElseThrow().check(NOW, WARN).result().name()).isEqualTo("WARN");
        board.authKey(new AuthKeyExpiry("tailscale/b", "kB2", NOW.plus(Duration.ofDays(90)), NOW.plusSeconds(60)));
        board.authKey(new AuthKeyExpiry("tailscale/b", "kOLD", NOW.plus(Duration.ofDays(1)), NOW.minusSeconds(60)));
        assertThat(board.authKey().orElseThrow().custodyPath()).isEqualTo("tailscale/a");
        assertThat(board.authKey().orElseThrow().check(NOW, WARN).result().name()).isEqualTo("PASS");
    }

    @Test
    void aRotationImpossibleAlertWarnsEvenWhenTheKeyIsStillFarFromExpiry() {
        NodeBoard board = new NodeBoard();
        board.authKey(new AuthKeyExpiry("tailscale/authkey", "k1", NOW.plus(Duration.ofDays(30)), NOW));
        board.authKeyAlert("tailscale/authkey", "k1", null, "AUTH_KEY_ROTATION_IMPOSSIBLE",
                "no Tailscale OAuth client in custody", NOW.plusSeconds(5));
        HealthVerdict.Check check = board.authKey().orElseThrow().check(NOW, WARN);
        assertThat(check.result().name()).isEqualTo("WARN");
        assertThat(check.detail()).contains("AUTH_KEY_ROTATION_IMPOSSIBLE", "no Tailscale OAuth client", "k1");
    }

    @Test
    void anExpiredAlertForAnUnknownKeyFailsTheCheck() {
        NodeBoard board = new NodeBoard();
        board.authKeyAlert("tailscale/authkey", "k9", NOW.minusSeconds(1), "AUTH_KEY_EXPIRED", "expired", NOW);
        HealthVerdict.Check check = board.authKey().orElseThrow().check(NOW, WARN);
        assertThat(check.result().name()).isEqualTo("FAIL");
        assertThat(check.recommendation()).contains("tailtalos secrets rotate tailscale/authkey");
    }
}
