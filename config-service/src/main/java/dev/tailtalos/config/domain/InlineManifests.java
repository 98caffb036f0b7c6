package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.YamlCommentStripper;
import dev.tailtalos.common.yaml.YamlLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * talhelper's top-level {@code inlineManifests} ({name, contents, skipEnvsubst}): {@code contents: "@file"} is
 * replaced by the file's text (SOPS-decrypted, then, unless skipEnvsubst, re-encoded without comments and
 * env-substituted), and the list becomes
 * {@code cluster.inlineManifests} of every node, control plane and worker alike.
 */
final class InlineManifests {

    static final String FIELD = "inlineManifests";

    /** One manifest with its final contents. */
    record InlineManifest(String name, String contents) {
    }

    private InlineManifests() {
    }

    /** Talos's checks (names present and unique) and that every {@code @file} stays in the repo and exists. */
    static void validate(List<JsonNode> manifests, Path repoDir, BiConsumer<String, String> error) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < manifests.size(); i++) {
            JsonNode manifest = manifests.get(i);
            String at = FIELD + "[" + i + "]";
            if (!manifest.isObject()) {
                error.accept(at, "an inline manifest is a mapping of name, contents and skipEnvsubst");
                continue;
            }
            String name = manifest.path("name").asText("");
            if (name.isBlank()) {
                error.accept(at + ".name", "inline manifest name can't be empty");
            } else if (!names.add(name)) {
                error.accept(at + ".name", "inline manifest name \"" + name + "\" is duplicate");
            }
            JsonNode contents = manifest.path("contents");
            if (!contents.isMissingNode() && !contents.isNull() && !contents.isTextual()) {
                error.accept(at + ".contents", "contents must be a string (the manifest YAML or @file)");
            } else if (contents.asText("").startsWith("@")) {
                try {
                    RepoFiles.resolve(repoDir, contents.asText(), "inline manifest");
                } catch (IllegalArgumentException e) {
                    error.accept(at + ".contents", e.getMessage());
                }
            }
        }
    }

    /** The manifests with their contents, and the SOPS-encrypted files left for secrets-service (contents empty). */
    record Resolved(List<InlineManifest> manifests, List<EncryptedInlineManifest> encrypted) {
    }

    /**
     * The manifests with {@code @file} contents read. A SOPS-encrypted file is decrypted when {@code sops} holds keys;
     * without keys it stays encrypted for secrets-service (DESIGN rule 7) and its contents are empty here.
     *
     * @throws ConfigValidationException naming the file and the field when a file cannot be read, decrypted or
     *                                   substituted
     */
    static Resolved resolve(LoadedTalconfig repo, SopsDecryptor sops, YamlLimits limits) {
        List<InlineManifest> resolved = new ArrayList<>();
        List<EncryptedInlineManifest> encrypted = new ArrayList<>();
        List<JsonNode> manifests = repo.config().inlineManifests();
        for (int i = 0; i < manifests.size(); i++) {
            JsonNode manifest = manifests.get(i);
            String name = manifest.path("name").asText("");
            String contents = manifest.path("contents").asText("");
            boolean skipEnvsubst = manifest.path("skipEnvsubst").asBoolean(false);
            String field = FIELD + "[" + i + "].contents";
            if (contents.startsWith("@")) {
                Path path = path(repo, contents, field);
                String file = RepoFiles.relativeName(repo.repoDir(), path);
                String text = read(path, file, field, limits);
                if (SopsFiles.isEncrypted(text) && !sops.available()) {
                    encrypted.add(EncryptedInlineManifest.of(i, name, file, field, text, skipEnvsubst));
                    contents = "";
                } else {
                    contents = finish(repo, file, field, text, !skipEnvsubst, sops, limits);
                }
            }
            resolved.add(new InlineManifest(name, contents));
        }
        return new Resolved(resolved, encrypted);
    }

    private static Path path(LoadedTalconfig repo, String spec, String field) {
        try {
            return RepoFiles.resolve(repo.repoDir(), spec, "inline manifest");
        } catch (IllegalArgumentException e) {
            throw failure(TalconfigLoader.TALCONFIG, field, e.getMessage());
        }
    }

    private static String read(Path path, String file, String field, YamlLimits limits) {
        try {
            return RepoFiles.read(path, limits.maxBytes());
        } catch (IllegalArgumentException | IOException e) {
            throw failure(file, field, file + ": " + e.getMessage());
        }
    }

    private static String finish(LoadedTalconfig repo, String file, String field, String stored, boolean envsubst,
                                 SopsDecryptor sops, YamlLimits limits) {
        try {
            String text = SopsFiles.plaintext(file, stored, sops);
            if (!envsubst) {
                return text;
            }
            return new EnvSubstitution(repo.env()).substitute(new YamlCommentStripper(limits).strip(text));
        } catch (IllegalArgumentException e) {
            throw failure(file, field, file + ": " + e.getMessage());
        } catch (ConfigValidationException e) {
            throw new ConfigValidationException(e.problems().stream()
                    .map(p -> new ConfigProblem(p.severity(), p.file(), p.line(), field, p.message())).toList());
        }
    }

    private static ConfigValidationException failure(String file, String field, String message) {
        return new ConfigValidationException(List.of(ConfigProblem.error(file, 0, field, message)));
    }

    /** Sets {@code cluster.inlineManifests} on the v1alpha1 document; nothing when there are none. */
    static void apply(List<ObjectNode> documents, List<InlineManifest> manifests) {
        if (manifests.isEmpty()) {
            return;
        }
        for (ObjectNode document : documents) {
            if (!document.has("kind") && document.path("cluster").isObject()) {
                ArrayNode list = ((ObjectNode) document.get("cluster")).putArray("inlineManifests");
                manifests.forEach(m -> list.addObject().put("name", m.name()).put("contents", m.contents()));
            }
        }
    }
}
