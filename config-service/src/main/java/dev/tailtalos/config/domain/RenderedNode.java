package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One node's machine config, secrets still as references.
 *
 * @param configYaml  the multi-document machine config
 * @param schematicId the Image Factory schematic ID, or null when the node has no schematic
 * @param documents   the same config as trees (not to be modified); with deferred parts, the config without them
 * @param baseConfig  with deferred parts: the config before any patch; else null
 * @param patches     with deferred parts: every patch in order (DESIGN rule 7); else empty
 * @param extraManifests  with deferred parts: the node's extraManifests files as they are; else empty
 * @param inlineManifests the SOPS-encrypted inline manifest files (empty contents in baseConfig)
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
        List<DeferredExtraManifest> extraManifests,
        List<EncryptedInlineManifest> inlineManifests,
        String fileName) {

    public RenderedNode {
        addresses = List.copyOf(addresses);
        references = List.copyOf(references);
        documents = List.copyOf(documents);
        patches = List.copyOf(patches);
        extraManifests = List.copyOf(extraManifests);
        inlineManifests = List.copyOf(inlineManifests);
    }

    /**
     * True when parts of the config are left for secrets-service (DESIGN rule 7): SOPS-encrypted patches,
     * extraManifests or inline manifests, and what has to be templated after them. It builds the config from
     * baseConfig, patches and extraManifests then.
     */
    public boolean deferred() {
        return baseConfig != null;
    }
}
