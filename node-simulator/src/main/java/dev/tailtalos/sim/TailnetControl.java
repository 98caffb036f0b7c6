package dev.tailtalos.sim;

import java.util.Optional;

/**
 * The part of a Tailscale control plane a node's ext-tailscale talks to. Kept small so it can be backed by the
 * in-process {@link InProcessTailnet} or by an HTTP Tailscale-API stand-in.
 */
public interface TailnetControl {

    /**
     * {@code tailscale up --authkey}: registers the machine (or re-authenticates its existing device) with the
     * key. Addresses belong to the device, so a machine that registers again keeps them.
     *
     * @throws TailnetException when the key is unknown, expired, revoked or already used
     */
    TailnetDevice login(String machineKey, String authKey, String hostname) throws TailnetException;

    /** The device registered for this machine, if it still exists and is authorized (a restart with saved state). */
    Optional<TailnetDevice> device(String machineKey);
}
