package dev.tailtalos.secrets.domain.authkeys;

import java.time.Duration;
import java.util.List;

/**
 * Which auth keys secrets-service manages and how: custody paths of the keys, where the Tailscale OAuth client is
 * kept, the tags and lifetime of minted keys (reusable, not ephemeral, preauthorized) and how long before expiry a
 * key is rotated.
 */
public record AuthKeyPolicy(List<String> managedPaths, String oauthClientPath, List<String> tags, Duration expiry,
                            Duration rotateBefore, String description) {
    public static final Duration MAX_EXPIRY = Duration.ofDays(90);

    public AuthKeyPolicy {
        managedPaths = List.copyOf(managedPaths);
        tags = List.copyOf(tags);
        if (tags.isEmpty() || tags.stream().anyMatch(t -> !t.startsWith("tag:"))) {
            throw new IllegalArgumentException("auth keys minted by an OAuth client need tags like tag:k8s-node, got " + tags);
        }
        if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("auth key expiry must be between 1s and 90 days, got " + expiry);
        }
        if (rotateBefore.isNegative() || rotateBefore.compareTo(expiry) >= 0) {
            throw new IllegalArgumentException("rotate-before (" + rotateBefore + ") must be shorter than the key expiry ("
                    + expiry + ")");
        }
        if (description != null && description.length() > 50) {
            throw new IllegalArgumentException("Tailscale key descriptions are at most 50 characters");
        }
    }

    public static AuthKeyPolicy defaults() {
        return new AuthKeyPolicy(List.of("tailscale/authkey"), "tailscale/oauth-client", List.of("tag:k8s-node"),
                MAX_EXPIRY, Duration.ofDays(14), "tailtalos talos nodes");
    }

    public TailscaleKeys.KeyRequest request() {
        return new TailscaleKeys.KeyRequest(true, false, true, tags, expiry, description);
    }
}
