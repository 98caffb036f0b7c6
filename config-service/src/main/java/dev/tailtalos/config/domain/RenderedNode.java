package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One node's machine config, secrets still as references.
 *
 * @param configYaml  the multi-document machine config
 * @param schematicId the Image Factory schematic ID, or null when the node has no schematic
 * @param documents   the same config as trees (not to be modified); with deferred SOPS patches, the config without them
 * @param baseConfig  with deferred SOPS patches: the config before any patch; else null
 * @param patches     with deferred SOPS patches: every patch in order (DESIGN rule 7); else empty
 * @param fileName    the node's file in the output directory (talhelper's filenameTmpl), e.g. {@code home-k8s-1.yaml}
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
        List<ObjectNode> documents,
        String baseConfig,
        List<OrderedPatch> patches,
        String fileName) {

    public RenderedNode {
        addresses = List.copyOf(addresses);
        references = List.copyOf(references);
        documents = List.copyOf(documents);
        patches = List.copyOf(patches);
    }

    /** True when a SOPS-encrypted patch is left for secrets-service to decrypt and apply at its place. */
    public boolean hasDeferredPatches() {
        return patches.stream().anyMatch(OrderedPatch::sopsEncrypted);
    }
}
