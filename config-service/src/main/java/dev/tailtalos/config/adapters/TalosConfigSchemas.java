package dev.tailtalos.config.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tailtalos.common.yaml.TalosDecodeCheck;
import dev.tailtalos.config.domain.CertSans;
import dev.tailtalos.config.domain.ConfigProblem;
import dev.tailtalos.config.domain.ConfigSchema;
import dev.tailtalos.config.domain.SchemaTyping;
import dev.tailtalos.config.domain.TalosContract;
import dev.tailtalos.config.domain.TalosTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The Talos config JSON schemas (one per Talos line, from Talos machinery's {@code config/schemas/config.schema.json},
 * bundled under {@code talos-schemas/}). A document without {@code kind} is checked as {@code v1alpha1.Config}; one
 * with a kind against the definition whose {@code kind} enum names it, as Talos's own schema tooling does.
 * Two corrections make the check judge what Talos decodes: the schema describes {@code v1alpha1.Endpoint} (a logging
 * destination) as an empty object, while Talos reads and writes it as a URL string; and a plain YAML 1.2 octal such
 * as {@code permissions: 0o644} is an integer to Talos's YAML decoder, though it reaches us as text.
 */
public final class TalosConfigSchemas implements ConfigSchema, TalosTypes {

    private static final String V1ALPHA1 = "v1alpha1.Config";
    private static final int MAX_PROBLEMS_PER_DOCUMENT = 10;
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]{1,11}");

    private final ObjectMapper json = new ObjectMapper();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, LineSchema> lines = new ConcurrentHashMap<>();

    private record LineSchema(JsonNode root, Map<String, String> definitionByKind, Map<String, Schema> compiled,
                              SchemaTyping typing) {
    }

    @Override
    public void apply(TalosContract contract, List<ObjectNode> documents) {
        LineSchema line = lines.computeIfAbsent(contract.toString(), this::load);
        for (ObjectNode document : documents) {
            String kind = document.path("kind").asText("");
            String definition = kind.isEmpty() ? V1ALPHA1 : line.definitionByKind().get(kind);
            if (definition != null) {
                line.typing().apply(document, definition);
            }
        }
    }

    @Override
    public List<ConfigProblem> check(String file, TalosContract contract, List<ObjectNode> documents) {
        LineSchema line = lines.computeIfAbsent(contract.toString(), this::load);
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            ObjectNode document = documents.get(i);
            String kind = document.path("kind").asText("");
            String where = "document " + (i + 1) + " (" + (kind.isEmpty() ? "v1alpha1" : kind) + ")";
            String definition = kind.isEmpty() ? V1ALPHA1 : line.definitionByKind().get(kind);
            if (definition == null) {
                problems.add(ConfigProblem.error(file, 0, where, "kind " + kind + " is not a Talos " + contract
                        + " config document"));
                continue;
            }
            Schema schema = line.compiled().computeIfAbsent(definition, d -> compile(line.root(), d));
            // which keys exist is Talos machinery's decoder's call (its Go types), not the schema's: the schema
            // leaves out fields Talos still decodes (machine.disks since v1.10)
            List<Error> errors = schema.validate(withYaml12Octals(document)).stream()
                    .filter(error -> !"additionalProperties".equals(error.getKeyword())).toList();
            for (Error error : errors.subList(0, Math.min(errors.size(), MAX_PROBLEMS_PER_DOCUMENT))) {
                String path = error.getInstanceLocation() == null ? "" : dotted(error.getInstanceLocation().toString());
                if ("additionalProperties".equals(error.getKeyword()) && error.getProperty() != null) {
                    path = path.isEmpty() ? error.getProperty() : path + "." + error.getProperty();
                }
                problems.add(ConfigProblem.error(file, 0, path.isEmpty() ? where : where + " " + path,
                        "not valid under the Talos " + contract + " config schema: " + error.getMessage()));
            }
        }
        for (TalosDecodeCheck.Problem problem : new TalosDecodeCheck(contract.toString()).check(documents)) {
            ObjectNode document = documents.get(problem.document());
            String kind = document.path("kind").asText("");
            String where = "document " + (problem.document() + 1) + " (" + (kind.isEmpty() ? "v1alpha1" : kind) + ")";
            problems.add(ConfigProblem.error(file, 0, problem.path().isEmpty() ? where : where + " " + problem.path(),
                    problem.message()));
        }
        problems.addAll(CertSans.check(file, documents));
        return problems;
    }

    private LineSchema load(String line) {
        ObjectNode root = readSchema(line);
        JsonNode endpoint = root.path("$defs").path("v1alpha1.Endpoint");
        if (endpoint.isObject() && endpoint.path("properties").isEmpty()) {
            ((ObjectNode) root.get("$defs")).set("v1alpha1.Endpoint", json.createObjectNode().put("type", "string"));
        }
        Map<String, String> byKind = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("$defs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> definition = it.next();
            definition.getValue().path("properties").path("kind").path("enum")
                    .forEach(kind -> byKind.putIfAbsent(kind.asText(), definition.getKey()));
        }
        return new LineSchema(root, byKind, new ConcurrentHashMap<>(), new SchemaTyping(typingDefinitions(line, root)));
    }

    private ObjectNode readSchema(String line) {
        String resource = "/talos-schemas/" + line + ".schema.json";
        try (InputStream in = TalosConfigSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no Talos config schema bundled for " + line + " (" + resource + ")");
            }
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * The line's {@code $defs}, then the previous line's: a field a line's schema dropped although Talos still decodes
     * it (machine.env on v1.13) is typed as the line before typed it.
     */
    private List<JsonNode> typingDefinitions(String line, JsonNode root) {
        List<JsonNode> definitions = new ArrayList<>(List.of(root.path("$defs")));
        int minor = TalosContract.of(line).minor();
        if (minor > TalosContract.OLDEST_SUPPORTED.minor()) {
            definitions.add(readSchema("v1." + (minor - 1)).path("$defs"));
        }
        return definitions;
    }

    /** {@code /machine/files/0/permissions} as {@code machine.files[0].permissions}. */
    private static String dotted(String pointer) {
        StringBuilder path = new StringBuilder();
        for (String token : pointer.split("/")) {
            if (token.isEmpty()) {
                continue;
            }
            String name = token.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                path.append('[').append(name).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(name);
            }
        }
        return path.toString();
    }

    private static JsonNode withYaml12Octals(JsonNode node) {
        if (node.isTextual() && OCTAL.matcher(node.asText()).matches()) {
            return LongNode.valueOf(Long.parseLong(node.asText().substring(2), 8));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), withYaml12Octals(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(item -> copy.add(withYaml12Octals(item)));
            return copy;
        }
        return node;
    }

    /** A schema that is the bundled one with its root pointed at one definition. */
    private Schema compile(JsonNode root, String definition) {
        ObjectNode wrapper = json.createObjectNode();
        wrapper.put("$schema", root.path("$schema").asText());
        wrapper.set("$defs", root.path("$defs"));
        wrapper.put("$ref", "#/$defs/" + definition);
        return registry.getSchema(wrapper);
    }
}
