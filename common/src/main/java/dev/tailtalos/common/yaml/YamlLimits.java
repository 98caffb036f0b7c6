package dev.tailtalos.common.yaml;

/**
 * Bounds applied while reading untrusted YAML.
 *
 * @param maxBytes        largest accepted input, in bytes (UTF-8)
 * @param maxDepth        deepest accepted nesting of mappings and sequences
 * @param maxAliases      how many aliases to mappings or sequences one input may expand
 * @param maxNodes        how many nodes one input may produce, alias expansions included
 */
public record YamlLimits(int maxBytes, int maxDepth, int maxAliases, int maxNodes) {

    public static final YamlLimits DEFAULT = new YamlLimits(1 << 20, 64, 50, 200_000);

    public YamlLimits {
        if (maxBytes <= 0 || maxDepth <= 0 || maxAliases < 0 || maxNodes <= 0) {
            throw new IllegalArgumentException("YAML limits must be positive");
        }
    }
}
