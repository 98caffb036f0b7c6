package dev.tailtalos.monitor.domain;

import dev.tailtalos.monitor.domain.HealthVerdict.Check;

import java.time.Duration;
import java.time.Instant;

/**
 * The Tailscale auth key nodes boot with, as secrets-service last reported it (audit records of the key lifecycle and
 * SecretAlert events). A node that restarts with an expired key (at most 90 days) does not come back onto the tailnet
 * when TS_AUTH_ONCE=false.
 *
 * @param expires    null when only an alert without an expiry is known
 * @param alertKind  the last SecretAlert kind for this key (e.g. AUTH_KEY_ROTATION_IMPOSSIBLE), empty when none
 */
public record AuthKeyExpiry(String custodyPath, String keyId, Instant expires, Instant reportedAt, String alertKind,
                            String alertReason) {
    public static final String CHECK = "tailscale-authkey";

    public AuthKeyExpiry(String custodyPath, String keyId, Instant expires, Instant reportedAt) {
        this(custodyPath, keyId, expires, reportedAt, "", "");
    }

    public AuthKeyExpiry {
        keyId = keyId == null ? "" : keyId;
        alertKind = alertKind == null ? "" : alertKind;
        alertReason = alertReason == null ? "" : alertReason;
    }

    /** This key with a SecretAlert applied: its expiry (when the alert carries one) and its kind and reason. */
    public AuthKeyExpiry withAlert(String kind, String reason, String alertKeyId, Instant alertExpires, Instant at) {
        return new AuthKeyExpiry(custodyPath, alertKeyId == null || alertKeyId.isEmpty() ? keyId : alertKeyId,
                alertExpires != null ? alertExpires : expires, at.isAfter(reportedAt) ? at : reportedAt, kind, reason);
    }

    public Check check(Instant now, Duration warnBefore) {
        String key = custodyPath + (keyId.isEmpty() ? "" : " (" + keyId + ")");
        String alert = alertKind.isEmpty() ? "" : "; secrets-service alert " + alertKind
                + (alertReason.isEmpty() ? "" : ": " + alertReason);
        if (expires == null) {
            return Check.warn(CHECK, "audit", "auth key " + key + ": expiry unknown" + alert,
                    "check the key: tailtalos secrets list, then tailtalos secrets rotate " + custodyPath);
        }
        if (!expires.isAfter(now)) {
            return Check.fail(CHECK, "audit", "auth key " + key + " expired " + expires + alert,
                    "mint a new key: tailtalos secrets rotate " + custodyPath + ", then roll out");
        }
        Duration left = Duration.between(now, expires);
        if (left.compareTo(warnBefore) < 0 || !alertKind.isEmpty()) {
            return Check.warn(CHECK, "audit", "auth key " + key + " expires " + expires + " (in "
                            + left.toHours() + " h)" + alert,
                    "rotate it before it expires: tailtalos secrets rotate " + custodyPath);
        }
        return Check.pass(CHECK, "audit", "auth key " + key + " valid until " + expires + " (" + left.toDays()
                + " days)");
    }
}
