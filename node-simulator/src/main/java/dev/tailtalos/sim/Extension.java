package dev.tailtalos.sim;

/** A system extension baked into a node's image, as ExtensionStatuses reports it. */
public record Extension(String name, String version, String author, String description) {

    /** siderolabs/tailscale as the simulator ships it (the version is a simulator default). */
    public static final Extension TAILSCALE = new Extension("tailscale", "1.84.3", "Sidero Labs",
            "This system extension provides Tailscale using containers.");
}
