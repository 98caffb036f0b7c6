package dev.tailtalos.secrets.domain.authkeys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The Tailscale API calls the auth-key lifecycle needs (port; the adapter speaks HTTP). */
public interface TailscaleKeys {

    /** Creates an auth key; the secret comes back once only. */
    MintedKey create(OAuthCredentials client, KeyRequest request);

    /** Revokes (deletes) a key; a key that no longer exists is not an error. */
    void revoke(OAuthCredentials client, String keyId);

    /** An OAuth client (client credentials flow). toString hides the secret. */
    record OAuthCredentials(String clientId, String clientSecret, String tailnet) {
        public OAuthCredentials {
            tailnet = tailnet == null || tailnet.isBlank() ? "-" : tailnet;
        }

        @Override
        public String toString() {
            return "OAuthCredentials[clientId=" + clientId + ", tailnet=" + tailnet + "]";
        }
    }

    /** capabilities.devices.create + expirySeconds + description of POST /api/v2/tailnet/{tailnet}/keys. */
    record KeyRequest(boolean reusable, boolean ephemeral, boolean preauthorized, List<String> tags, Duration expiry,
                      String description) {
        public KeyRequest {
            tags = List.copyOf(tags);
        }
    }

    /** A new key; toString hides the secret. */
    record MintedKey(String id, String key, Instant created, Instant expires) {
        @Override
        public String toString() {
            return "MintedKey[id=" + id + ", expires=" + expires + "]";
        }
    }

    /** A failed API call: HTTP status (0 if unreachable), whether retrying later can help, and Retry-After if sent. */
    class TailscaleApiException extends RuntimeException {
        private final int status;
        private final Duration retryAfter;

        public TailscaleApiException(String message, int status, Duration retryAfter, Throwable cause) {
            super(message, cause);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        public int status() {
            return status;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        public boolean isTransient() {
            return status == 0 || status == 429 || status >= 500;
        }
    }
}
