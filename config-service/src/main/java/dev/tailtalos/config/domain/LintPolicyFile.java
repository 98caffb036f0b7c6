package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.common.yaml.YamlDocument;
import dev.tailtalos.common.yaml.YamlException;
import dev.tailtalos.common.yaml.YamlPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lint policy of a rollout, from the top-level {@code lint:} key of {@code tailtalos.yaml} at the repo root (other
 * top-level keys belong to other parts of tailtalos and are not read here):
 * <pre>
 * lint:
 *   block: [magicdns-name-not-in-certsans]   # refuse the rollout on these
 *   warn: [talos-schema]                     # record these as warnings
 *   ignore: [state-dir-missing]              # drop these
 * </pre>
 * Rules not named keep {@link LintPolicy#ROLLOUT_DEFAULT}. Unknown keys, unknown rule ids and a rule in two lists are
 * refused naming the file, field and line.
 */
public final class LintPolicyFile {

    public static final String FILE = "tailtalos.yaml";
    private static final List<String> KEYS = List.of("block", "warn", "ignore");

    private LintPolicyFile() {
    }

    /** @throws ConfigValidationException when the file is not a valid policy */
    public static LintPolicy load(Yaml yaml, Path repoDir) {
        Path file = repoDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return LintPolicy.ROLLOUT_DEFAULT;
        }
        List<YamlDocument> documents;
        try {
            documents = yaml.parseFile(file);
        } catch (YamlException e) {
            throw refused(e.line(), "", e.reason());
        }
        if (documents.isEmpty()) {
            return LintPolicy.ROLLOUT_DEFAULT;
        }
        if (documents.size() > 1 || !documents.get(0).root().isObject()) {
            throw refused(documents.get(0).lineOf(""), "", "must be one YAML mapping (top-level keys such as lint:)");
        }
        return parse(documents.get(0));
    }

    static LintPolicy parse(YamlDocument document) {
        JsonNode lint = document.root().path("lint");
        if (lint.isMissingNode() || lint.isNull()) {
            return LintPolicy.ROLLOUT_DEFAULT;
        }
        if (!lint.isObject()) {
            throw refused(document.lineOf("lint"), "lint", "must be a mapping with block, warn and ignore lists");
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Set<String>> lists = new HashMap<>();
        Map<String, String> listOf = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = lint.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String field = YamlPath.field("lint", entry.getKey());
            if (!KEYS.contains(entry.getKey())) {
                problems.add(problem(document.lineOf(field), field, "unknown key " + entry.getKey()
                        + " (lint takes " + String.join(", ", KEYS) + ")"));
                continue;
            }
            Set<String> rules = new LinkedHashSet<>();
            JsonNode list = entry.getValue();
            if (!list.isArray()) {
                problems.add(problem(document.lineOf(field), field, "must be a list of lint rule ids"));
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                String itemField = YamlPath.index(field, i);
                String rule = list.get(i).asText();
                if (!list.get(i).isTextual() || !LintRules.ALL.contains(rule)) {
                    problems.add(problem(document.lineOf(itemField), itemField, "unknown lint rule '" + rule
                            + "'; known rules: " + String.join(", ", LintRules.ALL)));
                } else if (listOf.containsKey(rule)) {
                    problems.add(problem(document.lineOf(itemField), itemField, "rule " + rule + " is already in lint."
                            + listOf.get(rule) + "; name each rule in one list"));
                } else {
                    listOf.put(rule, entry.getKey());
                    rules.add(rule);
                }
            }
            lists.put(entry.getKey(), rules);
        }
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
        Set<String> warn = lists.getOrDefault("warn", Set.of());
        Set<String> ignore = lists.getOrDefault("ignore", Set.of());
        Set<String> block = new HashSet<>(LintPolicy.ROLLOUT_DEFAULT.block());
        block.removeAll(warn);
        block.removeAll(ignore);
        block.addAll(lists.getOrDefault("block", Set.of()));
        return new LintPolicy(block, warn, ignore, LintPolicy.ROLLOUT_DEFAULT.blockErrors());
    }

    private static ConfigProblem problem(int line, String field, String message) {
        return ConfigProblem.error(FILE, line, field, message);
    }

    private static ConfigValidationException refused(int line, String field, String message) {
        return new ConfigValidationException(List.of(problem(line, field, message)));
    }
}
