package dev.tailtalos.config.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhook replay window, request coalescing and the repo allowlist. */
class TriggerRulesTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-08T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void aDeliveryIsAcceptedOnceWithinTheWindow() {
        WebhookDeliveries d = new WebhookDeliveries(clock, Duration.ofHours(24), 3);
        assertThat(d.firstTime("github:a")).isTrue();
        assertThat(d.firstTime("github:a")).isFalse();
        assertThat(d.firstTime("gitea:a")).isTrue();
        now.set(now.get().plus(Duration.ofHours(23)));
        assertThat(d.firstTime("github:a")).isFalse();
        now.set(now.get().plus(Duration.ofHours(2)));
        assertThat(d.firstTime("github:a")).as("forgotten after the window").isTrue();
    }

    @Test
    void theLedgerIsBounded() {
        WebhookDeliveries d = new WebhookDeliveries(clock, Duration.ofHours(24), 2);
        d.firstTime("1");
        d.firstTime("2");
        d.firstTime("3");
        assertThat(d.firstTime("1")).isTrue();
        assertThat(d.firstTime("3")).isFalse();
    }

    @Test
    void identicalRequestsCoalesceWithinTheWindowOnly() {
        RequestCoalescer c = new RequestCoalescer(clock, Duration.ofSeconds(5));
        assertThat(c.earlier("k")).isEmpty();
        c.made("k", "r1");
        now.set(now.get().plusSeconds(4));
        assertThat(c.earlier("k")).contains("r1");
        assertThat(c.earlier("other")).isEmpty();
        now.set(now.get().plusSeconds(2));
        assertThat(c.earlier("k")).isEmpty();
    }

    @Test
    void onlyConfiguredReposAreAllowedComparedAsNormalizedPaths() {
        RepoAllowlist a = new RepoAllowlist("/srv/homelab", List.of("/srv/lab2", "/srv/clusters/*"));
        assertThat(a.allowed("/srv/homelab/")).contains("/srv/homelab");
        assertThat(a.allowed("/srv/lab2/../homelab")).contains("/srv/homelab");
        assertThat(a.allowed("/srv/clusters/edge")).contains("/srv/clusters/edge");
        assertThat(a.allowed("/srv/clusters/edge/../../../etc")).isEmpty();
        assertThat(a.allowed("/srv/clusters/a/b")).isEmpty();
        assertThat(a.allowed("/etc")).isEmpty();
        assertThat(a.allowed("")).isEmpty();
        assertThat(new RepoAllowlist("", List.of()).allowed("/srv/homelab")).isEmpty();
    }
}
