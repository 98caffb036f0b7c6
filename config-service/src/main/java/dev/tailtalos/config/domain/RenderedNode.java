package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One node's machine config, secrets still as references.
 *
 * @param configYaml  the multi-document machine config
 * @param schematicId the Image Factory schematic ID, or null when the node has no schematic
 * @param documents   the same config as trees (not to be modified)
 */
public record RenderedNode(
        String hostname,
        boolean controlPlane,
        List<String> addresses,
        String configYaml,
        List<SecretUse> references,
        String installerImage,
        String schematicId,
        String talosVersion,
        List<ObjectNode> documents) {

    public RenderedNode {
        addresses = List.copyOf(addresses);
        references = List.copyOf(references);
        documents = List.copyOf(documents);
    }
}
