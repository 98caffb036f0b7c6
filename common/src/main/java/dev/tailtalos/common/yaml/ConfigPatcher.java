package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Applies Talos machine-config patches to a (multi-document) config, following Talos
 * {@code configpatcher}: strategic merge patches and RFC 6902 JSON patches, in the given order.
 * The input documents are never modified.
 */
public final class ConfigPatcher {

    static final String JSON6902_MULTI_DOC =
            "JSON6902 patches are not supported for multi-document machine configuration";

    private final Yaml yaml;

    public ConfigPatcher(Yaml yaml) {
        this.yaml = yaml;
    }

    /** Loads a patch from text; {@code source} names it in errors (a file path or {@code inline #N}). */
    public ConfigPatch load(String source, String text) {
        return ConfigPatch.parse(yaml, source, text);
    }

    public List<ObjectNode> apply(List<ObjectNode> config, List<? extends ConfigPatch> patches) {
        List<ObjectNode> result = config;
        for (ConfigPatch patch : patches) {
            result = apply(result, patch);
        }
        return result;
    }

    public List<ObjectNode> apply(List<ObjectNode> config, ConfigPatch patch) {
        if (patch instanceof ConfigPatch.StrategicMerge merge) {
            return new StrategicMerger(merge.source()).apply(config, merge.documents());
        }
        ConfigPatch.JsonPatch json = (ConfigPatch.JsonPatch) patch;
        if (config.size() != 1) {
            throw new PatchException(json.source(), "", JSON6902_MULTI_DOC);
        }
        return List.of(new Json6902Patcher(json.source()).apply(config.get(0), json.operations()));
    }
}
