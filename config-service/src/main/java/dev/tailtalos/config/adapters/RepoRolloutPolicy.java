package dev.tailtalos.config.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.common.rollout.PolicyFieldException;
import dev.tailtalos.common.rollout.RolloutPolicyFields;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.common.yaml.YamlDocument;
import dev.tailtalos.common.yaml.YamlException;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rollout policy a cluster repo asks for: key {@code rollout:} of {@code tailtalos.yaml} at the repo root, read for
 * webhook and file-watcher triggers. Other top-level keys (such as {@code lint:}) belong to other readers and are left
 * alone. No file, or no {@code rollout:} key, means the deployer's defaults.
 */
public final class RepoRolloutPolicy {
    public static final String FILE = "tailtalos.yaml";
    private static final String KEY = "rollout";
    private final Yaml yaml;

    public RepoRolloutPolicy(Yaml yaml) {
        this.yaml = yaml;
    }

    /** @throws PolicyFieldException naming the file, line and field of the first refused value */
    public void read(Path repo, RolloutRequested.Builder into) {
        Path file = repo.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<YamlDocument> docs;
        try {
            docs = yaml.parseFile(file);
        } catch (YamlException e) {
            throw new PolicyFieldException(FILE, e.line(), KEY, e.reason());
        }
        if (docs.isEmpty()) {
            return;
        }
        YamlDocument doc = docs.get(0);
        JsonNode root = doc.root();
        if (!root.isObject()) {
            throw new PolicyFieldException(FILE, doc.lineOf(""), KEY, "the file must be a mapping with a rollout: key");
        }
        RolloutPolicyFields.read(root.get(KEY), into, FILE, KEY + ".", field -> field.isEmpty()
                ? doc.lineOf(KEY) : doc.lineOf(KEY + "." + field));
    }
}
