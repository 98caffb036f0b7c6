package dev.tailtalos.secrets.adapters.vault;

import java.time.Duration;

/**
 * How to reach Vault (or OpenBao): address, either a token or an AppRole (role id + secret id), the KV v2 mount and
 * the base path under it that holds tailtalos' secrets, the transit mount and sealing key, timeouts and resilience.
 */
public record VaultSettings(String address, String token, String appRoleId, String appRoleSecretId, String kvMount,
                            String basePath, String transitMount, String transitKey, Duration openTimeout,
                            Duration readTimeout, Resilience resilience) {

    /** Retry with exponential backoff on transient failures, and a circuit breaker in front of Vault. */
    public record Resilience(int maxAttempts, Duration initialBackoff, double backoffMultiplier,
                             int breakerWindow, int breakerMinimumCalls, float breakerFailureRate,
                             Duration breakerOpenFor) {
        public static final Resilience DEFAULT = new Resilience(4, Duration.ofMillis(200), 2.0, 10, 5, 50f,
                Duration.ofSeconds(30));
    }

    public VaultSettings {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("tailtalos.vault.address is required for the vault custody backend");
        }
        address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        boolean hasToken = token != null && !token.isBlank();
        boolean hasAppRole = appRoleId != null && !appRoleId.isBlank();
        if (!hasToken && !hasAppRole) {
            throw new IllegalArgumentException("Vault needs tailtalos.vault.token or tailtalos.vault.approle.role-id"
                    + " and tailtalos.vault.approle.secret-id");
        }
        if (hasAppRole && (appRoleSecretId == null || appRoleSecretId.isBlank())) {
            throw new IllegalArgumentException("tailtalos.vault.approle.secret-id is required with an AppRole role id");
        }
        kvMount = kvMount == null || kvMount.isBlank() ? "secret" : strip(kvMount);
        basePath = basePath == null ? "tailtalos" : strip(basePath);
        transitMount = transitMount == null || transitMount.isBlank() ? "transit" : strip(transitMount);
        transitKey = transitKey == null || transitKey.isBlank() ? "tailtalos-seal" : transitKey;
        openTimeout = openTimeout == null ? Duration.ofSeconds(5) : openTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        resilience = resilience == null ? Resilience.DEFAULT : resilience;
    }

    public static VaultSettings withToken(String address, String token) {
        return new VaultSettings(address, token, null, null, null, null, null, null, null, null, null);
    }

    public boolean usesAppRole() {
        return appRoleId != null && !appRoleId.isBlank();
    }

    private static String strip(String s) {
        String out = s;
        while (out.startsWith("/")) {
            out = out.substring(1);
        }
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    @Override
    public String toString() {
        return "VaultSettings[address=" + address + ", auth=" + (usesAppRole() ? "approle" : "token") + ", kv="
                + kvMount + "/" + basePath + ", transit=" + transitMount + "/" + transitKey + "]";
    }
}
