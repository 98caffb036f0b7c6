package dev.tailtalos.sim;

/**
 * A device on the simulated tailnet: {@code tailscaleAddress} is the 100.64.0.0/10 address Tailscale would assign,
 * {@code address} the loopback stand-in (127.100.x.y) the simulated node actually listens on.
 */
public record TailnetDevice(String nodeId, String hostname, String tailscaleAddress, String address) {
}
