package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies Talos machine-config patches to a (multi-document) config as Talos machinery's {@code configpatcher.Apply}
 * does for one Talos line: strategic merge patches and RFC 6902 JSON patches, in the given order. The input
 * documents are never modified.
 */
public final class ConfigPatcher {

    static final String JSON6902_MULTI_DOC =
            "JSON6902 patches are not supported for multi-document machine configuration";

    private final Yaml yaml;
    private final TalosTypes types;

    /** A patcher with the newest bundled Talos line's types. */
    public ConfigPatcher(Yaml yaml) {
        this(yaml, TalosTypes.newest());
    }

    public ConfigPatcher(Yaml yaml, TalosTypes types) {
        this.yaml = yaml;
        this.types = types;
    }

    /** A patcher for the Talos version a config is rendered for (e.g. {@code v1.10.4}). */
    public static ConfigPatcher forTalos(Yaml yaml, String talosVersion) {
        return new ConfigPatcher(yaml, TalosTypes.forTalos(talosVersion));
    }

    /**
     * A patcher for a rendered config whose Talos version is not passed along: the line of the installer image tag
     * ({@code ...installer:v1.10.4}, which talhelper always writes), else the newest bundled line.
     */
    public static ConfigPatcher forConfig(Yaml yaml, List<ObjectNode> config) {
        for (ObjectNode document : config) {
            String image = document.path("machine").path("install").path("image").asText("");
            Matcher tag = INSTALLER_TAG.matcher(image);
            if (ConfigDocuments.isV1alpha1(document) && tag.find()) {
                return forTalos(yaml, tag.group(1));
            }
        }
        return new ConfigPatcher(yaml);
    }

    private static final Pattern INSTALLER_TAG =
            Pattern.compile(":(v\\d+\\.\\d+(\\.\\d+)?)$");

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
            return new StrategicMerger(merge.source(), types).apply(config, merge.parts());
        }
        ConfigPatch.JsonPatch json = (ConfigPatch.JsonPatch) patch;
        if (config.size() != 1) {
            throw new PatchException(json.source(), "", JSON6902_MULTI_DOC);
        }
        return List.of(new Json6902Patcher(json.source()).apply(config.get(0), json.operations()));
    }
}
