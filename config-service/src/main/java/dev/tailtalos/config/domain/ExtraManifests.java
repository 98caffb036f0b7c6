package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.common.yaml.YamlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * talhelper's deprecated {@code extraManifests} (§1.4, §1.5): each local file, SOPS-decrypted when encrypted, is
 * rendered as a Go template against the config after the global patches and its documents are appended. No env
 * substitution. When the node has parts only secrets-service can read, the files travel as they are and
 * secrets-service does the same while sealing. Node entries come first, then the group's (already merged in {@link NodeConfig#mergedWith}).
 */
final class ExtraManifests {

    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    private final Yaml yaml;
    private final SopsDecryptor sops;
    private final NodeTemplates templates;

    ExtraManifests(Yaml yaml, SopsDecryptor sops, NodeTemplates templates) {
        this.yaml = yaml;
        this.sops = sops;
        this.templates = templates;
    }

    /**
     * The node's extraManifests files as they are in the repo (encrypted ones still encrypted), checked: local, inside
     * the repo, within the size limit, and YAML as written when named .yaml/.json.
     */
    List<DeferredExtraManifest> read(LoadedTalconfig repo, Talconfig config, int index) {
        NodeConfig written = config.nodes().get(index);
        NodeConfig node = config.mergedNode(index);
        List<DeferredExtraManifest> files = new ArrayList<>();
        for (int i = 0; i < node.extraManifests().size(); i++) {
            String field = field(written, index, i);
            Path file = resolve(repo.repoDir(), node.extraManifests().get(i), field);
            String name = repo.repoDir().toAbsolutePath().normalize().relativize(file).toString();
            String text = read(file, name, field);
            if (name.matches("(?i).*\\.(ya?ml|json)$")) {
                mustParse(name, field, text);
            }
            files.add(DeferredExtraManifest.of(i, name, field, text, SopsFiles.isEncrypted(text)));
        }
        return files;
    }

    /** {@code documents} with each file decrypted, rendered against {@code documents} and its documents appended. */
    List<ObjectNode> append(List<DeferredExtraManifest> files, List<ObjectNode> documents) {
        var data = NodeTemplates.data(documents);
        List<ObjectNode> result = new ArrayList<>(documents);
        for (DeferredExtraManifest file : files) {
            String text = file.content();
            if (file.sopsEncrypted()) {
                if (!sops.available()) {
                    throw problem(file.field(), file.source() + " is SOPS-encrypted and no SOPS key is available"
                            + " (set SOPS_AGE_KEY_FILE)");
                }
                text = sops.decrypt(file.source(), text);
            }
            String rendered = templates.render(file.source(), file.field(), text, data);
            try {
                result.addAll(yaml.readObjects(file.source(), rendered));
            } catch (YamlException e) {
                throw new ConfigValidationException(List.of(ConfigProblem.error(file.source(), e.line(), file.field(),
                        "after Go templating: " + e.reason())));
            }
        }
        return result;
    }

    /**
     * talhelper reads extraManifests through sops, which parses a .yaml/.json file before any templating: a template
     * that is not valid YAML as written (e.g. a {{- range }} line of its own) fails there.
     */
    private void mustParse(String name, String field, String text) {
        try {
            yaml.parse(name, text);
        } catch (YamlException e) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(name, e.line(), field,
                    "must be valid YAML before Go templating (talhelper reads it through sops first): "
                            + e.reason())));
        }
    }

    /** Where talconfig.yaml lists entry {@code i} of the merged list: the node's own entries come first. */
    private static String field(NodeConfig written, int index, int i) {
        int own = written.overrideExtraManifests() ? Integer.MAX_VALUE : written.extraManifests().size();
        if (i < own) {
            return "nodes[" + index + "].extraManifests[" + i + "]";
        }
        return (written.controlPlane() ? "controlPlane" : "worker") + ".extraManifests[" + (i - own) + "]";
    }

    private static Path resolve(Path repoDir, String entry, String field) {
        String relative = entry.startsWith("@") ? entry.substring(1).trim() : entry.trim();
        if (URL.matcher(relative).matches()) {
            throw problem(field, "extraManifests entries must be local files; talhelper cannot fetch " + relative
                    + " (issue #1095)");
        }
        Path root = repoDir.toAbsolutePath().normalize();
        Path file = root.resolve(relative).normalize();
        if (relative.isEmpty() || !file.startsWith(root)) {
            throw problem(field, "extraManifests path " + entry + " escapes the repo directory");
        }
        if (!Files.isRegularFile(file)) {
            throw problem(field, "extraManifests file " + relative + " not found");
        }
        try {
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                throw problem(field, "extraManifests path " + entry + " escapes the repo directory through a link");
            }
        } catch (IOException e) {
            throw problem(field, "extraManifests file " + relative + " cannot be read: " + e.getMessage());
        }
        return file;
    }

    private String read(Path file, String name, String field) {
        try {
            long size = Files.size(file);
            if (size > yaml.limits().maxBytes()) {
                throw problem(field, name + " is " + size + " bytes, larger than the limit of " + yaml.limits().maxBytes());
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw problem(field, name + " cannot be read: " + e.getMessage());
        }
    }

    private static ConfigValidationException problem(String field, String message) {
        return new ConfigValidationException(List.of(ConfigProblem.error(TalconfigLoader.TALCONFIG, 0, field, message)));
    }
}
