package dev.tailtalos.deployer.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OS a node should run, from the installer image on config.sealed: the Talos version and, when the image names
 * one, the Image Factory schematic (hence the system extensions). {@code ghcr.io/siderolabs/installer} is the empty
 * schematic; a custom image without a schematic ID in its path is compared by version only.
 */
public record OsImage(String image, String talosVersion, String schematicId) {
    /** The Image Factory ID of the empty schematic (no extensions, no customization). */
    public static final String EMPTY_SCHEMATIC = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

    private static final Pattern SCHEMATIC_IN_PATH = Pattern.compile("/([0-9a-f]{64}):[^/]+$");
    private static final Pattern TAG = Pattern.compile(":([^:/@]+)$");

    /**
     * @param talosVersion the sealed Talos version tag; when blank, the image's tag
     * @return null when no installer image is given (nothing to compare)
     * @throws IllegalArgumentException when neither the version nor the image's tag names a Talos version
     */
    public static OsImage of(String image, String talosVersion) {
        if (image == null || image.isBlank()) {
            return null;
        }
        String version = talosVersion;
        if (version == null || version.isBlank()) {
            Matcher tag = TAG.matcher(image);
            if (!tag.find()) {
                throw new IllegalArgumentException("config.sealed installer_image \"" + image
                        + "\" has no tag and talos_version is empty: cannot tell which Talos version it installs");
            }
            version = tag.group(1);
        }
        Matcher schematic = SCHEMATIC_IN_PATH.matcher(image);
        String id = schematic.find() ? schematic.group(1)
                : image.startsWith("ghcr.io/siderolabs/installer:") ? EMPTY_SCHEMATIC : null;
        return new OsImage(image, version, id);
    }

    /** The node already runs this version (and schematic, when known): no upgrade. */
    public boolean satisfiedBy(OsState running) {
        return talosVersion.equals(running.talosVersion())
                && (schematicId == null || schematicId.equals(running.schematicId()));
    }

    /** What differs, e.g. "Talos v1.10.4 → v1.10.5, schematic 4a0d65c669d4 → 376567988ad3". */
    public String difference(OsState running) {
        StringBuilder out = new StringBuilder();
        if (!talosVersion.equals(running.talosVersion())) {
            out.append("Talos ").append(running.talosVersion()).append(" → ").append(talosVersion);
        }
        if (schematicId != null && !schematicId.equals(running.schematicId())) {
            out.append(out.isEmpty() ? "" : ", ").append("schematic ").append(OsState.shortId(running.schematicId()))
                    .append(" → ").append(OsState.shortId(schematicId));
        }
        return out.isEmpty() ? "nothing" : out.toString();
    }
}
