package dev.tailtalos.sim;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Tailscale control plane in memory: auth keys with expiry, reuse and revocation, devices with stable
 * addresses. In permissive mode (the default for simulators started without one) any well-formed
 * {@code tskey-auth-}/{@code tskey-client-} key that was not issued here is accepted as a valid reusable key, so the demo
 * can use an arbitrary key; keys issued here are always checked.
 */
public final class InProcessTailnet implements TailnetControl {

    private record Key(String id, Instant expires, boolean reusable, boolean used, boolean revoked) {
    }

    private final Clock clock;
    private final boolean permissive;
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, TailnetDevice> devices = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final TailnetHostClaims hosts;

    public InProcessTailnet(Clock clock, boolean permissive) {
        this(clock, permissive, TailnetHostClaims.perTailnet());
    }

    private InProcessTailnet(Clock clock, boolean permissive, TailnetHostClaims hosts) {
        this.clock = clock;
        this.permissive = permissive;
        this.hosts = hosts;
    }

    /** Host numbers count from 1 in this tailnet (100.64.0.1 / 127.100.0.1 first). */
    public static InProcessTailnet permissive() {
        return new InProcessTailnet(Clock.systemUTC(), true);
    }

    /**
     * Permissive, with host numbers claimed machine-wide (lock files under the temp directory), so two simulator
     * processes on one machine never serve on the same 127.100.x.y stand-in address.
     */
    public static InProcessTailnet permissiveMachineWide() {
        return new InProcessTailnet(Clock.systemUTC(), true,
                TailnetHostClaims.machineWide(TailnetHostClaims.defaultDirectory()));
    }

    public static InProcessTailnet strict(Clock clock) {
        return new InProcessTailnet(clock, false);
    }

    /** Issues an auth key (the secret is returned once, like POST /api/v2/tailnet/-/keys). */
    public synchronized String issueKey(Duration expiry, boolean reusable) {
        String id = "k" + HexFormat.of().formatHex(random.generateSeed(5)) + "CNTRL";
        String secret = "tskey-auth-" + id + "-" + HexFormat.of().formatHex(random.generateSeed(16));
        keys.put(secret, new Key(id, clock.instant().plus(expiry), reusable, false, false));
        return secret;
    }

    public synchronized void revokeKey(String secret) {
        Key key = keys.get(secret);
        if (key != null) {
            keys.put(secret, new Key(key.id(), key.expires(), key.reusable(), key.used(), true));
        }
    }

    /** Removes a device (DELETE /api/v2/device/{id}): its machine must log in again. */
    public synchronized void deleteDevice(String machineKey) {
        devices.remove(machineKey);
    }

    public synchronized Map<String, TailnetDevice> devices() {
        return Map.copyOf(devices);
    }

    @Override
    public synchronized TailnetDevice login(String machineKey, String authKey, String hostname) throws TailnetException {
        if (authKey == null || authKey.isBlank()) {
            throw new TailnetException("backend error: no auth key given and the machine is logged out (NeedsLogin)");
        }
        Key key = keys.get(authKey);
        if (key == null) {
            if (!permissive || !(authKey.startsWith("tskey-auth-") || authKey.startsWith("tskey-client-"))) {
                throw new TailnetException("backend error: invalid key: unable to validate API key");
            }
        } else if (key.revoked()) {
            throw new TailnetException("backend error: invalid key: API key " + key.id() + " has been revoked");
        } else if (!clock.instant().isBefore(key.expires())) {
            throw new TailnetException("backend error: invalid key: API key " + key.id() + " has expired");
        } else if (key.used() && !key.reusable() && !devices.containsKey(machineKey)) {
            throw new TailnetException("backend error: invalid key: API key " + key.id() + " has already been used");
        } else {
            keys.put(authKey, new Key(key.id(), key.expires(), key.reusable(), true, false));
        }
        TailnetDevice existing = devices.get(machineKey);
        if (existing != null) {
            TailnetDevice renamed = new TailnetDevice(existing.nodeId(), hostname, existing.tailscaleAddress(),
                    existing.address());
            devices.put(machineKey, renamed);
            return renamed;
        }
        int host = hosts.claim();
        int high = host >> 8;
        int low = host & 0xFF;
        TailnetDevice device = new TailnetDevice("n" + HexFormat.of().formatHex(random.generateSeed(5)) + "CNTRL",
                hostname, "100.64." + high + "." + low, "127.100." + high + "." + low);
        devices.put(machineKey, device);
        return device;
    }

    @Override
    public synchronized Optional<TailnetDevice> device(String machineKey) {
        return Optional.ofNullable(devices.get(machineKey));
    }
}
