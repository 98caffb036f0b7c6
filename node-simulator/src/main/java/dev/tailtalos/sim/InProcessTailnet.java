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
    private final int loopbackBlock;

    public InProcessTailnet(Clock clock, boolean permissive) {
        this(clock, permissive, TailnetHostClaims.perTailnet(), -1);
    }

    private InProcessTailnet(Clock clock, boolean permissive, TailnetHostClaims hosts, int loopbackBlock) {
        this.clock = clock;
        this.permissive = permissive;
        this.hosts = hosts;
        this.loopbackBlock = loopbackBlock;
    }

    /**
     * A permissive tailnet whose devices get loopback addresses as their Tailscale IPs ({@code 127.100.block.n}, the
     * address the node also listens on), so everything rendered from them (cert SANs) can be dialed and verified on
     * this machine, e.g. by the real talosctl. Different blocks keep tailnets of different processes apart.
     */
    public static InProcessTailnet onLoopback(int block) {
        if (block < 0 || block > 255) {
            throw new IllegalArgumentException("loopback tailnet block must be 0-255, got " + block);
        }
        return new InProcessTailnet(Clock.systemUTC(), true, TailnetHostClaims.perTailnet(), block);
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
                TailnetHostClaims.machineWide(TailnetHostClaims.defaultDirectory()), -1);
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
        if (loopbackBlock >= 0 && host > 0xFE) {
            throw new TailnetException("backend error: tailnet address pool exhausted");
        }
        int high = host >> 8;
        int low = host & 0xFF;
        String standIn = loopbackBlock < 0 ? "127.100." + high + "." + low : "127.100." + loopbackBlock + "." + low;
        TailnetDevice device = new TailnetDevice("n" + HexFormat.of().formatHex(random.generateSeed(5)) + "CNTRL",
                hostname, loopbackBlock < 0 ? "100.64." + high + "." + low : standIn, standIn);
        devices.put(machineKey, device);
        return device;
    }

    @Override
    public synchronized Optional<TailnetDevice> device(String machineKey) {
        return Optional.ofNullable(devices.get(machineKey));
    }
}
