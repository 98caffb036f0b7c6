package dev.tailtalos.config.domain;

import java.util.List;

/**
 * One node's machine config, secrets still as references.
 *
 * @param configYaml  the multi-document machine config
 * @param schematicId the Image Factory schematic ID, or null when the node has no schematic
 */
public record RenderedNode(
        String hostname,
        boolean controlPlane,
        List<String> addresses,
        String configYaml,
        List<SecretUse> references,
        String installerImage,
        String schematicId,
        String talosVersion) {

    public RenderedNode {
        addresses = List.copyOf(addresses);
        references = List.copyOf(references);
    }
}
