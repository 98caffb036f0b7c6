package dev.tailtalos.config.domain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated cluster repo.
 *
 * @param repoDir  the directory holding talconfig.yaml; patch paths resolve against it
 * @param config   talconfig.yaml after env substitution
 * @param env      the variables used for substitution (process env overridden by the env files)
 * @param warnings non-fatal findings
 * @param envFiles the env files read, in load order; a SOPS-encrypted one this loader could not decrypt put
 *                 {@code sops-env://NAME} references into {@code env} for its variables (secrets-service binds them)
 */
public record LoadedTalconfig(Path repoDir, Talconfig config, Map<String, String> env, List<ConfigProblem> warnings,
                              List<EnvFile> envFiles) {

    public LoadedTalconfig {
        env = Map.copyOf(env);
        warnings = List.copyOf(warnings);
        envFiles = List.copyOf(envFiles);
    }

    public LoadedTalconfig(Path repoDir, Talconfig config, Map<String, String> env, List<ConfigProblem> warnings) {
        this(repoDir, config, env, warnings, List.of());
    }

    /** True when a SOPS-encrypted env file was left encrypted: its values are sops-env:// references in {@code env}. */
    public boolean hasDeferredEnv() {
        return envFiles.stream().anyMatch(EnvFile::sopsEncrypted);
    }

    /** Group patches then node patches (talhelper order), with where each was written. */
    public List<PatchReference> nodePatches(int index) {
        NodeConfig node = config.nodes().get(index);
        NodeConfig group = node.controlPlane() ? config.controlPlane() : config.worker();
        List<PatchReference> refs = new ArrayList<>();
        if (group != null && !node.overridePatches()) {
            refs.addAll(references(group.patches(), node.controlPlane() ? "controlPlane.patches" : "worker.patches"));
        }
        refs.addAll(references(node.patches(), "nodes[" + index + "].patches"));
        return refs;
    }

    public List<PatchReference> globalPatches() {
        return references(config.patches(), "patches");
    }

    static List<PatchReference> references(List<String> specs, String field) {
        List<PatchReference> refs = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            refs.add(new PatchReference(specs.get(i), field + "[" + i + "]"));
        }
        return refs;
    }
}
