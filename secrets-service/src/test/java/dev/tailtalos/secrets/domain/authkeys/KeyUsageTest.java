package dev.tailtalos.secrets.domain.authkeys;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyUsageTest {

    @Test
    void theRepoIsKnownWhicheverEventArrivesFirst() {
        KeyUsage renderedFirst = new KeyUsage();
        renderedFirst.used("tailscale/authkey", "k8s-1", "r1");
        renderedFirst.rolloutRequested("r1", "examples/homelab");
        assertThat(renderedFirst.clusterRepo("tailscale/authkey")).isEqualTo("examples/homelab");

        KeyUsage requestedFirst = new KeyUsage();
        requestedFirst.rolloutRequested("r1", "examples/homelab");
        requestedFirst.used("tailscale/authkey", "k8s-1", "r1");
        assertThat(requestedFirst.clusterRepo("tailscale/authkey")).isEqualTo("examples/homelab");
        assertThat(requestedFirst.nodes("tailscale/authkey")).containsExactly("k8s-1");
    }

    @Test
    void aLaterRolloutOfAnotherRepoWins() {
        KeyUsage usage = new KeyUsage();
        usage.rolloutRequested("r1", "repo-a");
        usage.used("tailscale/authkey", "k8s-1", "r1");
        usage.used("tailscale/authkey", "k8s-1", "r2");
        usage.rolloutRequested("r2", "repo-b");
        assertThat(usage.clusterRepo("tailscale/authkey")).isEqualTo("repo-b");
    }
}
