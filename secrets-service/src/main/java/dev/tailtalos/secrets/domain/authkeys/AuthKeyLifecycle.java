package dev.tailtalos.secrets.domain.authkeys;

import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.authkeys.TailscaleKeys.MintedKey;
import dev.tailtalos.secrets.domain.authkeys.TailscaleKeys.OAuthCredentials;
import dev.tailtalos.secrets.domain.authkeys.TailscaleKeys.TailscaleApiException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tailscale auth keys in custody: import, mint through the Tailscale API with an OAuth client, expiry tracking and
 * rotation a configured time before expiry. A rotation mints a new key, stores it with check-and-set, requests a
 * rollout of every node that uses it, and revokes the old key once that rollout reports COMPLETED. When a rotation
 * cannot happen (no OAuth client, API errors) an alert is raised. Key values never leave through messages or audit.
 */
public final class AuthKeyLifecycle {
    public static final String VALUE = "value";
    public static final String KEY_ID = "key_id";
    public static final String EXPIRES = "expires";
    public static final String CREATED = "created";
    public static final String SOURCE = "source";
    public static final String REVOKE_KEY_ID = "revoke_key_id";
    public static final String REVOKE_AFTER_ROLLOUT = "revoke_after_rollout";
    private static final String AUTH_KEY_PREFIX = "tskey-auth-";

    private final Custody custody;
    private final TailscaleKeys api;
    private final LifecycleEvents events;
    private final KeyUsage usage;
    private final AuthKeyPolicy policy;
    private final Clock clock;
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private final Map<String, String> lastAlert = new ConcurrentHashMap<>();

    public AuthKeyLifecycle(Custody custody, TailscaleKeys api, LifecycleEvents events, KeyUsage usage,
                            AuthKeyPolicy policy, Clock clock) {
        this.custody = custody;
        this.api = api;
        this.events = events;
        this.usage = usage;
        this.policy = policy;
        this.clock = clock;
    }

    /** What is known about a managed key; never its value. */
    public record KeyStatus(String path, long version, String keyId, Instant expires, String source,
                            boolean rotationDue, String pendingRevocationOf, String pendingRollout) {
    }

    /** A rotation that cannot happen without an operator (no OAuth client, a refused API call). */
    public static class RotationImpossibleException extends RuntimeException {
        public RotationImpossibleException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public AuthKeyPolicy policy() {
        return policy;
    }

    // ---------------------------------------------------------------- import and mint

    /** Stores an auth key an operator brings; the value is checked for the tskey-auth- prefix and never echoed. */
    public KeyStatus importKey(String path, String value, Instant expires) {
        if (value == null || !value.startsWith(AUTH_KEY_PREFIX) || value.length() < AUTH_KEY_PREFIX.length() + 8
                || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the value for '" + path + "' is not a Tailscale auth key (expected"
                    + " tskey-auth-…, without spaces); the value is not shown");
        }
        String keyId = keyIdOf(value);
        long expected = custody.currentVersion(path);
        Map<String, String> fields = new TreeMap<>();
        fields.put(VALUE, value);
        fields.put(KEY_ID, keyId);
        fields.put(EXPIRES, expires == null ? "" : expires.toString());
        fields.put(CREATED, clock.instant().toString());
        fields.put(SOURCE, "imported");
        long version = custody.writeIfVersion(path, fields, expected);
        events.audit("authkey.import", path, "IMPORTED", Map.of("version", Long.toString(version), "key_id", keyId,
                "expires", fields.get(EXPIRES)), Map.of(path + "#" + VALUE, value));
        return status(path).orElseThrow();
    }

    /** Mints a key through the Tailscale API and stores it as a new version (check-and-set). */
    public KeyStatus mint(String path) {
        OAuthCredentials client = oauthClient(path);
        long expected = custody.currentVersion(path);
        MintedKey minted = create(path, client);
        store(path, client, minted, expected, Map.of());
        events.audit("authkey.mint", path, "MINTED", Map.of("key_id", minted.id(), "expires", minted.expires().toString(),
                "tags", String.join(",", policy.tags())), Map.of(path + "#" + VALUE, minted.key()));
        return status(path).orElseThrow();
    }

    // ---------------------------------------------------------------- rotation

    /** Rotates now: new key (CAS), rollout of the nodes that use it, old key revoked after that rollout completes. */
    public KeyStatus rotate(String path, String reason) {
        OAuthCredentials client = oauthClient(path);
        Optional<Custody.VersionedSecret> current = custody.readVersioned(path);
        long expected = custody.currentVersion(path);
        String oldKeyId = current.map(v -> v.fields().getOrDefault(KEY_ID, "")).orElse("");
        Set<String> nodes = usage.nodes(path);
        String repo = usage.clusterRepo(path);
        boolean rollout = !nodes.isEmpty() && repo != null && !oldKeyId.isEmpty();
        String rolloutId = rollout ? "rotate-" + UUID.randomUUID() : "";
        MintedKey minted = create(path, client);
        Map<String, String> pending = rollout ? Map.of(REVOKE_KEY_ID, oldKeyId, REVOKE_AFTER_ROLLOUT, rolloutId) : Map.of();
        store(path, client, minted, expected, pending);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("old_key_id", oldKeyId);
        details.put("new_key_id", minted.id());
        details.put("expires", minted.expires().toString());
        details.put("reason", reason);
        if (rollout) {
            events.requestRollout(rolloutId, repo, nodes, "auth key rotation of " + path + " (" + oldKeyId + " -> "
                    + minted.id() + "): " + reason);
            details.put("rollout_id", rolloutId);
            details.put("nodes", String.join(",", nodes));
            events.audit("authkey.rotate", path, "ROTATED", details, Map.of(path + "#" + VALUE, minted.key()));
        } else {
            details.put("note", oldKeyId.isEmpty() ? "no previous key" : "no node is known to use this key yet:"
                    + " no rollout requested, the old key is left to expire");
            events.audit("authkey.rotate", path, "ROTATED", details, Map.of(path + "#" + VALUE, minted.key()));
        }
        lastAlert.remove(path);
        return status(path).orElseThrow();
    }

    /** Consumes rollout.status: revokes the old key when the rotation's rollout completed. */
    public void onRolloutStatus(String rolloutId, String state) {
        for (String path : policy.managedPaths()) {
            Optional<Custody.VersionedSecret> v = custody.readVersioned(path);
            if (v.isEmpty() || !rolloutId.equals(v.get().fields().get(REVOKE_AFTER_ROLLOUT))) {
                continue;
            }
            String oldKeyId = v.get().fields().getOrDefault(REVOKE_KEY_ID, "");
            switch (state) {
                case "COMPLETED" -> {
                    OAuthCredentials client = oauthClient(path);
                    try {
                        api.revoke(client, oldKeyId);
                    } catch (TailscaleApiException e) {
                        events.audit("authkey.revoke", path, e.isTransient() ? "RETRY" : "FAILED",
                                Map.of("key_id", oldKeyId, "rollout_id", rolloutId, "reason", e.getMessage()), Map.of());
                        if (e.isTransient()) {
                            throw e;
                        }
                        events.alert("AUTH_KEY_ROTATION_FAILED", path, oldKeyId, null,
                                "the old key could not be revoked: " + e.getMessage(), rolloutId);
                    }
                    clearPending(path, v.get());
                    events.audit("authkey.revoke", path, "REVOKED", Map.of("key_id", oldKeyId, "rollout_id", rolloutId),
                            Map.of());
                }
                case "FAILED", "HALTED", "ABORTED" -> {
                    clearPending(path, v.get());
                    events.alert("AUTH_KEY_ROTATION_FAILED", path, v.get().fields().get(KEY_ID), expiresOf(v.get()),
                            "the rollout of the new key ended " + state + "; the old key " + oldKeyId
                                    + " was NOT revoked", rolloutId);
                    events.audit("authkey.revoke", path, "OLD_KEY_KEPT", Map.of("key_id", oldKeyId, "rollout_id",
                            rolloutId, "rollout_state", state), Map.of());
                }
                default -> {
                }
            }
        }
    }

    /** The periodic check: rotates keys that are due, alerts on keys that expire and cannot be rotated. */
    public List<KeyStatus> check() {
        List<KeyStatus> out = new ArrayList<>();
        Instant now = clock.instant();
        for (String path : policy.managedPaths()) {
            Optional<KeyStatus> s = status(path);
            if (s.isEmpty()) {
                continue;
            }
            KeyStatus status = s.get();
            if (status.rotationDue() && status.pendingRollout().isEmpty()
                    && !now.isBefore(notBefore.getOrDefault(path, Instant.EPOCH))) {
                try {
                    status = rotate(path, "expires at " + status.expires() + ", within the rotate-before window of "
                            + policy.rotateBefore());
                } catch (RotationImpossibleException e) {
                    alertOnce(status, "AUTH_KEY_ROTATION_IMPOSSIBLE", e.getMessage());
                } catch (TailscaleApiException e) {
                    Duration wait = e.retryAfter() != null ? e.retryAfter() : Duration.ofMinutes(5);
                    notBefore.put(path, now.plus(wait));
                    events.audit("authkey.rotate", path, "RETRY_LATER", Map.of("reason", e.getMessage(),
                            "retry_after", wait.toString()), Map.of());
                } catch (Custody.CasConflictException e) {
                    events.audit("authkey.rotate", path, "CONFLICT", Map.of("reason", e.getMessage()), Map.of());
                }
            }
            if (status.expires() != null && !now.isBefore(status.expires())) {
                alertOnce(status, "AUTH_KEY_EXPIRED", "the auth key expired at " + status.expires()
                        + "; nodes that restart with it will not join the tailnet");
            }
            out.add(status);
        }
        return out;
    }

    public Optional<KeyStatus> status(String path) {
        return custody.readVersioned(path).map(v -> {
            Instant expires = expiresOf(v);
            boolean due = expires != null && !clock.instant().isBefore(expires.minus(policy.rotateBefore()));
            return new KeyStatus(path, v.version(), v.fields().getOrDefault(KEY_ID, ""), expires,
                    v.fields().getOrDefault(SOURCE, ""), due, v.fields().getOrDefault(REVOKE_KEY_ID, ""),
                    v.fields().getOrDefault(REVOKE_AFTER_ROLLOUT, ""));
        });
    }

    // ---------------------------------------------------------------- helpers

    private MintedKey create(String path, OAuthCredentials client) {
        try {
            return api.create(client, policy.request());
        } catch (TailscaleApiException e) {
            events.audit("authkey.mint", path, "FAILED", Map.of("status", Integer.toString(e.status()),
                    "reason", e.getMessage()), Map.of());
            if (e.isTransient()) {
                throw e;
            }
            throw new RotationImpossibleException("the Tailscale API refused to create a key for '" + path + "': "
                    + e.getMessage(), e);
        }
    }

    private void store(String path, OAuthCredentials client, MintedKey minted, long expected, Map<String, String> extra) {
        Map<String, String> fields = new TreeMap<>(extra);
        fields.put(VALUE, minted.key());
        fields.put(KEY_ID, minted.id());
        fields.put(EXPIRES, minted.expires().toString());
        fields.put(CREATED, minted.created().toString());
        fields.put(SOURCE, "minted");
        try {
            custody.writeIfVersion(path, fields, expected);
        } catch (RuntimeException e) {
            // Someone else changed the secret meanwhile (or custody failed): the new key is never used, so revoke it.
            try {
                api.revoke(client, minted.id());
            } catch (RuntimeException revokeFailure) {
                e.addSuppressed(revokeFailure);
            }
            events.audit("authkey.store", path, "FAILED", Map.of("key_id", minted.id(), "reason", e.getMessage(),
                    "cleanup", "new key revoked"), Map.of());
            throw e;
        }
    }

    private void clearPending(String path, Custody.VersionedSecret v) {
        Map<String, String> fields = new TreeMap<>(v.fields());
        fields.remove(REVOKE_KEY_ID);
        fields.remove(REVOKE_AFTER_ROLLOUT);
        custody.writeIfVersion(path, fields, v.version());
    }

    private OAuthCredentials oauthClient(String forPath) {
        Map<String, String> f = custody.read(policy.oauthClientPath()).orElseThrow(() -> new RotationImpossibleException(
                "no Tailscale OAuth client in custody at '" + policy.oauthClientPath() + "' (needed to mint '" + forPath
                        + "'; import one with: tailtalos secrets import " + policy.oauthClientPath()
                        + " --field client_id --field client_secret)", null));
        String id = f.get("client_id");
        String secret = f.get("client_secret");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            throw new RotationImpossibleException("the OAuth client at '" + policy.oauthClientPath()
                    + "' needs the fields client_id and client_secret, it has " + f.keySet(), null);
        }
        return new OAuthCredentials(id, secret, f.get("tailnet"));
    }

    private void alertOnce(KeyStatus status, String kind, String reason) {
        String key = kind + "|" + status.keyId();
        if (key.equals(lastAlert.get(status.path() + "|" + kind))) {
            return;
        }
        lastAlert.put(status.path() + "|" + kind, key);
        events.alert(kind, status.path(), status.keyId(), status.expires(), reason, "");
        events.audit("authkey.alert", status.path(), kind, Map.of("key_id", status.keyId(), "reason", reason), Map.of());
    }

    private static Instant expiresOf(Custody.VersionedSecret v) {
        String e = v.fields().get(EXPIRES);
        if (e == null || e.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(e);
        } catch (DateTimeParseException ex) {
            return null;
        }
    }

    /** {@code tskey-auth-<id>-<secret>} → {@code <id>} (not secret; "" if the key has another shape). */
    static String keyIdOf(String value) {
        String rest = value.substring(AUTH_KEY_PREFIX.length());
        int dash = rest.indexOf('-');
        return dash > 0 ? rest.substring(0, dash) : "";
    }
}
