package dev.tailtalos.monitor.domain;

import dev.tailtalos.monitor.domain.HealthVerdict.Check;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A device as the Tailscale API describes it (GET /api/v2/tailnet/{tailnet}/devices). There is no "online" field:
 * connectedToControl and lastSeen (null while connected) tell whether it is up.
 */
public record TailscaleDevice(String nodeId, String name, String hostname, List<String> addresses,
                              boolean connectedToControl, Instant lastSeen, boolean authorized, Instant expires,
                              boolean keyExpiryDisabled) {
    public static final String CHECK = "tailscale-device";

    public List<String> ipv4Addresses() {
        return addresses.stream().filter(a -> a.indexOf(':') < 0).toList();
    }

    /** Judged against the time now and how long a device may be away from the control plane. */
    public Check check(Instant now, Duration allowedAway) {
        String who = name + " (" + String.join(", ", addresses) + ")";
        if (!authorized) {
            return Check.fail(CHECK, "tailscale-api", who + " is not authorized",
                    "authorize the device in the admin console, or use a pre-authorized auth key");
        }
        if (!connectedToControl) {
            Duration away = lastSeen == null ? null : Duration.between(lastSeen, now);
            String seen = lastSeen == null ? "never seen" : "last seen " + lastSeen + " (" + away.toMinutes() + " min ago)";
            if (away == null || away.compareTo(allowedAway) > 0) {
                return Check.fail(CHECK, "tailscale-api", who + " is not connected to the control plane, " + seen,
                        "check ext-tailscale (talosctl service ext-tailscale, talosctl logs ext-tailscale) and the auth key");
            }
            return Check.warn(CHECK, "tailscale-api", who + " is not connected to the control plane, " + seen,
                    "watch it: fails after " + allowedAway.toMinutes() + " min away");
        }
        if (!keyExpiryDisabled && expires != null && expires.isBefore(now.plus(Duration.ofDays(14)))) {
            return Check.warn(CHECK, "tailscale-api", who + " connected; node key expires " + expires,
                    "disable key expiry for tagged nodes (POST /api/v2/device/{id}/key {\"keyExpiryDisabled\":true})");
        }
        return Check.pass(CHECK, "tailscale-api", who + " connected to the control plane");
    }
}
