package dev.tailtalos.common.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DidYouMeanTest {
    private static final List<String> EXTENSIONS = List.of("siderolabs/tailscale", "siderolabs/i915", "siderolabs/mei",
            "siderolabs/iscsi-tools");

    @Test
    void aTypoFindsTheNameItMeant() {
        assertThat(DidYouMean.closest("siderolabs/tailscal", EXTENSIONS)).contains("siderolabs/tailscale");
        assertThat(DidYouMean.closest("Siderolabs/I915", EXTENSIONS)).contains("siderolabs/i915");
        assertThat(DidYouMean.hint("certSAN", List.of("certSANs", "kubelet"))).isEqualTo(" (did you mean \"certSANs\"?)");
    }

    @Test
    void nothingCloseSuggestsNothing() {
        assertThat(DidYouMean.closest("acme/something-else", EXTENSIONS)).isEmpty();
        assertThat(DidYouMean.hint("", EXTENSIONS)).isEmpty();
    }
}
