package dev.tailtalos.config.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tailtalos.common.env.EnvFiles;
import dev.tailtalos.common.env.SopsEnvReference;
import dev.tailtalos.common.yaml.GoYamlRoundTrip;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.common.yaml.YamlDocument;
import dev.tailtalos.common.yaml.YamlException;
import dev.tailtalos.common.yaml.YamlPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a cluster repo like {@code talhelper genconfig}: {@code talconfig.yaml} plus the env files,
 * env substitution, binding, then talhelper's validation. Substitution runs on the parsed values
 * (comments are already gone), so a variable cannot inject YAML structure.
 */
public final class TalconfigLoader {

    public static final String TALCONFIG = "talconfig.yaml";
    /** Loaded in this order when present; later files override earlier ones and the process env. */
    public static final List<String> ENV_FILES = List.of("talenv.yaml", "talenv.sops.yaml", "talenv.yml", "talenv.sops.yml");

    private final Yaml yaml;
    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final SopsDecryptor sops;
    private final boolean strict;

    public TalconfigLoader(Yaml yaml) {
        this(yaml, SopsDecryptor.NONE, false);
    }

    /** @param strict unknown keys are errors (talhelper only ignores them) */
    public TalconfigLoader(Yaml yaml, SopsDecryptor sops, boolean strict) {
        this.yaml = yaml;
        this.sops = sops;
        this.strict = strict;
    }

    public Yaml yaml() {
        return yaml;
    }

    /** @throws ConfigValidationException listing every error (with the warnings found so far) */
    public LoadedTalconfig load(Path repoDir, Map<String, String> processEnv) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<EnvFile> envFiles = new ArrayList<>();
        Map<String, String> env = environment(repoDir, processEnv, problems, envFiles);
        YamlDocument document = parse(repoDir.resolve(TALCONFIG), TALCONFIG);
        // talhelper decodes talconfig.yaml into interface{} and encodes it again before binding it
        GoYamlRoundTrip.apply(document.root());
        substitute(document.root(), "", new EnvSubstitution(env), document, problems);
        TalconfigKeys.check(document, TALCONFIG, strict, problems::add);
        failOnErrors(problems);
        Talconfig config = bind(document);
        problems.addAll(new TalconfigValidator(TALCONFIG, document, repoDir).validate(config));
        failOnErrors(problems);
        return new LoadedTalconfig(repoDir, config, env, problems, envFiles);
    }

    private Map<String, String> environment(Path repoDir, Map<String, String> processEnv, List<ConfigProblem> problems,
                                            List<EnvFile> envFiles) {
        Map<String, String> env = new LinkedHashMap<>(processEnv);
        for (String name : ENV_FILES) {
            Path file = repoDir.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            String text = readEnv(file, name);
            if (SopsFiles.isEncrypted(text) && !sops.available()) {
                // DESIGN rule 7: the values stay encrypted; secrets-service puts them in while sealing
                envFiles.add(EnvFile.of(name, text, true));
                try {
                    EnvFiles.encryptedNames(name, text).forEach(v -> env.put(v, SopsEnvReference.of(v)));
                } catch (IllegalArgumentException e) {
                    problems.add(ConfigProblem.error(name, 0, "", e.getMessage()));
                }
                continue;
            }
            if (!SopsFiles.isEncrypted(text)) {
                envFiles.add(EnvFile.of(name, text, false));
            }
            YamlDocument document = parseEnv(name, text);
            if (document == null) {
                continue;
            }
            if (!document.root().isObject()) {
                problems.add(ConfigProblem.error(name, 1, "", "env file must be a mapping of VARIABLE: value"));
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = document.root().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getValue().isContainerNode()) {
                    problems.add(ConfigProblem.error(name, document.lineOf(entry.getKey()), entry.getKey(),
                            "env value must be a scalar"));
                } else {
                    env.put(entry.getKey(), entry.getValue().isNull() ? "" : entry.getValue().asText());
                }
            }
        }
        return env;
    }

    private String readEnv(Path file, String name) {
        try {
            long size = Files.size(file);
            if (size > yaml.limits().maxBytes()) {
                throw new ConfigValidationException(List.of(ConfigProblem.error(name, 0, "",
                        "file is " + size + " bytes, larger than the limit of " + yaml.limits().maxBytes())));
            }
            return Files.readString(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(name, 0, "",
                    "is not valid UTF-8 text (YAML files must be UTF-8)")));
        } catch (java.io.IOException e) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(name, 0, "", "cannot read: " + e.getMessage())));
        }
    }

    /** An env file, SOPS-decrypted when encrypted; null when empty. talhelper drops {@code ---} lines (issue #220). */
    private YamlDocument parseEnv(String name, String fileText) {
        String text = SopsFiles.plaintext(name, fileText, sops).replaceAll("(?m)^---\\s*$", "");
        if (text.isBlank()) {
            return null;
        }
        List<YamlDocument> documents;
        try {
            documents = yaml.parse(name, text);
        } catch (YamlException e) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(name, e.line(), "", e.reason())));
        }
        return documents.isEmpty() ? null : documents.get(0);
    }

    private YamlDocument parse(Path file, String name) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(name, 0, "", "file not found in "
                    + file.toAbsolutePath().normalize().getParent() + " (give the cluster repo: the directory holding it)")));
        }
        List<YamlDocument> documents;
        try {
            documents = yaml.parseFile(file);
        } catch (YamlException e) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(name, e.line(), e.path(), e.reason())));
        }
        if (documents.size() != 1) {
            throw new ConfigValidationException(List.of(
                    ConfigProblem.error(name, 0, "", "expected exactly one YAML document, found " + documents.size())));
        }
        return documents.get(0);
    }

    private static void substitute(JsonNode node, String path, EnvSubstitution envsubst, YamlDocument document,
                                   List<ConfigProblem> problems) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String field = YamlPath.field(path, entry.getKey());
                if (entry.getValue().isTextual()) {
                    entry.setValue(substituted(entry.getValue(), field, envsubst, document, problems));
                } else {
                    substitute(entry.getValue(), field, envsubst, document, problems);
                }
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                String field = YamlPath.index(path, i);
                if (array.get(i).isTextual()) {
                    array.set(i, substituted(array.get(i), field, envsubst, document, problems));
                } else {
                    substitute(array.get(i), field, envsubst, document, problems);
                }
            }
        }
    }

    private static JsonNode substituted(JsonNode text, String field, EnvSubstitution envsubst, YamlDocument document,
                                        List<ConfigProblem> problems) {
        try {
            return TextNode.valueOf(envsubst.substitute(text.asText()));
        } catch (IllegalArgumentException e) {
            problems.add(ConfigProblem.error(TALCONFIG, document.lineOf(field), field, e.getMessage()));
            return text;
        }
    }

    private Talconfig bind(YamlDocument document) {
        try {
            return mapper.treeToValue(document.root(), Talconfig.class);
        } catch (JsonMappingException e) {
            String field = pathOf(e.getPath());
            throw new ConfigValidationException(List.of(ConfigProblem.error(TALCONFIG, document.lineOf(field), field,
                    "wrong type: " + e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(TALCONFIG, 0, "", e.getOriginalMessage())));
        }
    }

    private static String pathOf(List<JsonMappingException.Reference> references) {
        String path = "";
        for (JsonMappingException.Reference reference : references) {
            path = reference.getFieldName() != null
                    ? YamlPath.field(path, reference.getFieldName())
                    : YamlPath.index(path, reference.getIndex());
        }
        return path;
    }

    private static void failOnErrors(List<ConfigProblem> problems) {
        if (problems.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR)) {
            List<ConfigProblem> all = new ArrayList<>(problems);
            if (problems.stream().anyMatch(p -> p.message().contains(SopsEnvReference.SCHEME))) {
                all.add(ConfigProblem.error(TALCONFIG, 0, "", "a value from a SOPS-encrypted env file (talenv.sops.yaml, talenv.sops.yml) stands here as"
                        + " sops-env://NAME: config-service holds no SOPS keys, so such values can only be used where"
                        + " they are copied into the machine config as text (secrets-service puts them in while"
                        + " sealing); move variables that are not secret (versions, addresses, names) to talenv.yaml"));
            }
            throw new ConfigValidationException(all);
        }
    }
}
