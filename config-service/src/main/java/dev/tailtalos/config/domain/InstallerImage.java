package dev.tailtalos.config.domain;

/**
 * The installer image a node installs and upgrades from, as talhelper chooses it: {@code talosImageURL} (tagged with
 * the Talos version) wins, then the Image Factory image of the node's schematic, then that of the empty schematic.
 * The factory form is talhelper's default {@code <registry>/<mode>-installer[-secureboot]/<id>:<version>}; the legacy
 * {@code <registry>/installer/<id>:<version>} form is available through {@link Form#LEGACY}.
 */
public final class InstallerImage {

    public static final String DEFAULT_REGISTRY = "factory.talos.dev";

    public enum Form { PLATFORM, LEGACY }

    private InstallerImage() {
    }

    public static String forNode(NodeConfig mergedNode, String talosVersionTag) {
        return forNode(mergedNode, talosVersionTag, DEFAULT_REGISTRY, Form.PLATFORM);
    }

    public static String forNode(NodeConfig node, String talosVersionTag, String registry, Form form) {
        if (node.talosImageURL() != null && !node.talosImageURL().isBlank()) {
            return node.talosImageURL() + ":" + talosVersionTag;
        }
        Schematic schematic = node.schematic() == null ? Schematic.EMPTY : node.schematic();
        return factoryImage(SchematicId.of(schematic), talosVersionTag, registry, form, node.machineSpec());
    }

    public static String factoryImage(String schematicId, String talosVersionTag, String registry, Form form,
                                      NodeConfig.MachineSpec spec) {
        boolean secureboot = spec != null && spec.secureboot();
        String repository = form == Form.LEGACY
                ? "installer"
                : (spec == null ? "metal" : spec.modeOrDefault()) + "-installer";
        return (registry == null || registry.isBlank() ? DEFAULT_REGISTRY : registry) + "/" + repository
                + (secureboot ? "-secureboot" : "") + "/" + schematicId + ":" + talosVersionTag;
    }
}
