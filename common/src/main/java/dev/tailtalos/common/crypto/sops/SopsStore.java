package dev.tailtalos.common.crypto.sops;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A sops file format: documents of ordered mappings (LinkedHashMap), lists and typed scalars. */
public interface SopsStore {
    List<Map<String, Object>> read(String source, String text);

    String write(List<Map<String, Object>> documents);

    /** YAML unless the file name ends in .json, like sops' --input-type detection. */
    static SopsStore forFile(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".json") ? new SopsJsonStore() : new SopsYamlStore();
    }
}
