package dev.tailtalos.secrets.domain;

import java.util.List;

/**
 * What config.rendered carries for a node with deferred parts (DESIGN rule 7): the config before any patch, every
 * patch in talhelper's order, the extraManifests files and the SOPS-encrypted inline manifest files. Encrypted content
 * is still encrypted; templates are not rendered yet where {@code goTemplate} says so.
 */
public record RenderedParts(String baseConfig, List<ConfigSealer.PatchInput> patches, List<ExtraManifest> extraManifests,
                            List<InlineManifest> inlineManifests) {

    public RenderedParts {
        patches = List.copyOf(patches);
        extraManifests = List.copyOf(extraManifests);
        inlineManifests = List.copyOf(inlineManifests);
    }

    /** An extraManifests file: rendered against the config after every patch, its documents appended. */
    public record ExtraManifest(int position, String source, String field, String content, boolean sopsEncrypted,
                                String digest) {
        @Override
        public String toString() {
            return "ExtraManifest[" + position + ", " + source + (sopsEncrypted ? ", sops" : "") + "]";
        }
    }

    /** A SOPS-encrypted inline manifest file for {@code cluster.inlineManifests[index]} of the base config. */
    public record InlineManifest(int index, String name, String source, String field, String content,
                                 boolean skipEnvsubst, String digest) {
        @Override
        public String toString() {
            return "InlineManifest[" + index + ", " + name + ", " + source + "]";
        }
    }
}
