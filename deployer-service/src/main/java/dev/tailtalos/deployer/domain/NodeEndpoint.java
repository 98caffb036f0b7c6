package dev.tailtalos.deployer.domain;

/** The address a call to a node goes to, which path it is (lan or tailnet) and why it was chosen. */
public record NodeEndpoint(String address, Path path, String reason) {
    public enum Path {
        LAN, TAILNET;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
