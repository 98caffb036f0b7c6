package dev.tailtalos.config.domain;

/** The installer image a node installs and upgrades from. */
public final class InstallerImage {

    public static final String FACTORY = "factory.talos.dev/installer/";
    public static final String VANILLA = "ghcr.io/siderolabs/installer";

    private InstallerImage() {
    }

    /** {@code talosImageURL} wins (tagged with the Talos version), then the schematic's factory image, then vanilla. */
    public static String forNode(NodeConfig mergedNode, String talosVersionTag) {
        if (mergedNode.talosImageURL() != null && !mergedNode.talosImageURL().isBlank()) {
            return mergedNode.talosImageURL() + ":" + talosVersionTag;
        }
        if (mergedNode.schematic() != null) {
            return FACTORY + SchematicId.of(mergedNode.schematic()) + ":" + talosVersionTag;
        }
        return VANILLA + ":" + talosVersionTag;
    }
}
