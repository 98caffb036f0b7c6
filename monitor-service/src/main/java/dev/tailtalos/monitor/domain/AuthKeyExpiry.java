package dev.tailtalos.monitor.domain;

import dev.tailtalos.monitor.domain.HealthVerdict.Check;

import java.time.Duration;
import java.time.Instant;

/**
 * The Tailscale auth key nodes boot with, as secrets-service last reported it. A node that restarts with an expired key
 * (at most 90 days) does not come back onto the tailnet when TS_AUTH_ONCE=false.
 */
public record AuthKeyExpiry(String custodyPath, String keyId, Instant expires, Instant reportedAt) {
    public static final String CHECK = "tailscale-authkey";

    public Check check(Instant now, Duration warnBefore) {
        String key = custodyPath + (keyId.isEmpty() ? "" : " (" + keyId + ")");
        if (!expires.isAfter(now)) {
            return Check.fail(CHECK, "audit", "auth key " + key + " expired " + expires,
                    "mint a new key: tailtalos secrets rotate " + custodyPath + ", then roll out");
        }
        Duration left = Duration.between(now, expires);
        if (left.compareTo(warnBefore) < 0) {
            return Check.warn(CHECK, "audit", "auth key " + key + " expires " + expires + " (in " + left.toHours() + " h)",
                    "rotate it before it expires: tailtalos secrets rotate " + custodyPath);
        }
        return Check.pass(CHECK, "audit", "auth key " + key + " valid until " + expires + " (" + left.toDays() + " days)");
    }
}
