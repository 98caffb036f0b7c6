package dev.tailtalos.sim;

import java.util.List;
import java.util.Objects;

/**
 * One simulated node: its hostname, the loopback address its API listens on, the port (0 = ephemeral) and
 * further addresses it claims (e.g. LAN or tailnet addresses) that appear in its certificate and that
 * {@code nodes} routing metadata may use to reach it.
 */
public record NodeSpec(String hostname, String bindAddress, int port, List<String> extraAddresses) {

    public NodeSpec {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(bindAddress, "bindAddress");
        extraAddresses = extraAddresses == null ? List.of() : List.copyOf(extraAddresses);
    }

    public NodeSpec(String hostname, String bindAddress, int port) {
        this(hostname, bindAddress, port, List.of());
    }
}
