package dev.tailtalos.deployer.domain;

/**
 * What a node runs: its Talos version (Version) and its schematic (the {@code schematic} entry of ExtensionStatuses,
 * whose version is the schematic ID; absent on images from the empty schematic).
 */
public record OsState(String talosVersion, String schematicId) {

    public String describe() {
        return talosVersion + ", schematic " + shortId(schematicId);
    }

    static String shortId(String id) {
        return id == null ? "unknown" : id.length() > 12 ? id.substring(0, 12) : id;
    }
}
