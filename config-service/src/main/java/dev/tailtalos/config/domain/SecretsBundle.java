package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.common.yaml.YamlDocument;
import dev.tailtalos.common.yaml.YamlException;
import dev.tailtalos.common.yaml.YamlPath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Talos secrets bundle (talsecret.yaml, Talos {@code secrets.Bundle}) as fields keyed like
 * {@link SecretsBundleRef}: {@code cluster.id}, {@code certs.os.key}, … Certificates and keys are base64 of the PEM.
 * {@link #toString()} never shows a value.
 */
public final class SecretsBundle {

    /** Every field Talos knows, in the order Talos writes them; the AES-CBC secret appears only in old bundles. */
    static final List<String> FIELDS = List.of(
            "cluster.id", "cluster.secret",
            "secrets.bootstraptoken", "secrets.secretboxencryptionsecret", "secrets.aescbcencryptionsecret",
            "trustdinfo.token",
            "certs.etcd.crt", "certs.etcd.key", "certs.k8s.crt", "certs.k8s.key",
            "certs.k8saggregator.crt", "certs.k8saggregator.key", "certs.k8sserviceaccount.key",
            "certs.os.crt", "certs.os.key");
    private static final Set<String> OPTIONAL = Set.of("secrets.aescbcencryptionsecret", "secrets.secretboxencryptionsecret");

    private final Map<String, String> fields;

    private SecretsBundle(Map<String, String> fields) {
        this.fields = Map.copyOf(fields);
    }

    public static SecretsBundle of(Map<String, String> fields) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String field : FIELDS) {
            if (!OPTIONAL.contains(field) && isBlank(fields.get(field))) {
                problems.add(ConfigProblem.error("secrets bundle", 0, field, "missing"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
        return new SecretsBundle(fields);
    }

    /**
     * Reads talsecret.yaml like talhelper: SOPS-decrypted when encrypted, env-substituted, unknown keys refused.
     *
     * @param file repo-relative or given name, for errors
     */
    public static SecretsBundle parse(Yaml yaml, String file, String text, Map<String, String> env, SopsDecryptor sops) {
        String plain = SopsFiles.plaintext(file, text, sops);
        if (plain.isBlank()) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(file, 0, "", "secrets file is empty")));
        }
        try {
            plain = new EnvSubstitution(env).substitute(plain);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().startsWith("variable ") ? e.getMessage() : "bad ${...} substitution";
            throw new ConfigValidationException(List.of(ConfigProblem.error(file, 0, "", message)));
        }
        List<YamlDocument> documents;
        try {
            documents = yaml.parse(file, plain);
        } catch (YamlException e) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(file, e.line(), "",
                    "not valid YAML (details withheld: the file holds secrets)")));
        }
        if (documents.size() != 1 || !documents.get(0).root().isObject()) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(file, 0, "",
                    "a secrets bundle is one YAML mapping (cluster, secrets, trustdinfo, certs)")));
        }
        YamlDocument document = documents.get(0);
        Map<String, String> fields = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        collect(document, document.root(), "", fields, problems, file);
        for (String field : FIELDS) {
            if (!OPTIONAL.contains(field) && isBlank(fields.get(field))) {
                problems.add(ConfigProblem.error(file, 0, field, "missing from the secrets bundle"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
        return new SecretsBundle(fields);
    }

    private static void collect(YamlDocument document, JsonNode node, String path, Map<String, String> fields,
                                List<ConfigProblem> problems, String file) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String field = YamlPath.field(path, entry.getKey());
            JsonNode value = entry.getValue();
            if (value.isObject() && FIELDS.stream().anyMatch(f -> f.startsWith(field + "."))) {
                collect(document, value, field, fields, problems, file);
            } else if (FIELDS.contains(field) && (value.isTextual() || value.isNull())) {
                fields.put(field, value.isNull() ? "" : value.asText());
            } else {
                problems.add(ConfigProblem.error(file, document.lineOf(field), field,
                        "unknown field in the secrets bundle"));
            }
        }
    }

    public String get(String field) {
        String value = fields.get(field);
        if (value == null) {
            throw new IllegalArgumentException("the secrets bundle has no field " + field);
        }
        return value;
    }

    public boolean has(String field) {
        return !isBlank(fields.get(field));
    }

    /** The bundle as talsecret.yaml (Talos layout, 4-space indent like Talos's yaml.v3 output is not required). */
    public ObjectNode toTree() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (String field : FIELDS) {
            if (!has(field)) {
                continue;
            }
            String[] parts = field.split("\\.");
            ObjectNode parent = root;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
            }
            parent.put(parts[parts.length - 1], fields.get(field));
        }
        return root;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "SecretsBundle" + fields.keySet();
    }
}
