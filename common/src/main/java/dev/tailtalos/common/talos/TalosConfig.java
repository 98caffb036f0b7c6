package dev.tailtalos.common.talos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tailtalos.common.talos.pki.Pem;
import dev.tailtalos.common.talos.pki.PemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A talosconfig file as talosctl reads and writes it: {@code context} names the current entry of
 * {@code contexts}; {@code ca}, {@code crt} and {@code key} are base64 of PEM text. The records hold the
 * decoded PEM text.
 */
public record TalosConfig(String context, Map<String, Context> contexts) {

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    public TalosConfig {
        Objects.requireNonNull(context, "context");
        contexts = Map.copyOf(new LinkedHashMap<>(contexts));
        if (!contexts.containsKey(context)) {
            throw new TalosConfigException("context \"" + context + "\" is not one of contexts " + contexts.keySet());
        }
    }

    public static TalosConfig of(String name, Context context) {
        return new TalosConfig(name, Map.of(name, context));
    }

    public Context currentContext() {
        return contexts.get(context);
    }

    public Optional<Context> context(String name) {
        return Optional.ofNullable(contexts.get(name));
    }

    /** One entry of {@code contexts}; PEM fields hold PEM text (not base64), null when absent. */
    public record Context(List<String> endpoints, List<String> nodes, String ca, String crt, String key, String cluster) {

        public Context {
            endpoints = List.copyOf(endpoints);
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }

        public Context(List<String> endpoints, List<String> nodes, String ca, String crt, String key) {
            this(endpoints, nodes, ca, crt, key, null);
        }

        public TalosCredentials credentials() {
            return TalosCredentials.fromContext(this);
        }

        @Override
        public String toString() {
            return "Context[endpoints=" + endpoints + ", nodes=" + nodes + ", cluster=" + cluster
                    + ", ca=" + (ca == null ? "none" : "present") + ", crt=" + (crt == null ? "none" : "present")
                    + ", key=" + (key == null ? "none" : "<redacted>") + "]";
        }
    }

    public static TalosConfig read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode root;
        try {
            root = YAML.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new TalosConfigException(file + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        return new Reader(file).read(root);
    }

    /** The client credentials of the file's current context; a context without them is an error naming the file. */
    public static TalosCredentials readCredentials(Path file) throws IOException {
        TalosConfig config = read(file);
        try {
            return config.currentContext().credentials();
        } catch (TalosConfigException e) {
            throw new TalosConfigException(file + ": context '" + config.context() + "': " + e.getMessage(), e);
        }
    }

    /** Writes the file with mode 0600 (where the file system has POSIX permissions), replacing it atomically. */
    public void write(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = posix()
                ? Files.createTempFile(directory, ".talosconfig", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, ".talosconfig", ".tmp");
        try {
            Files.write(temporary, toYaml().getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public String toYaml() {
        ObjectNode root = YAML.createObjectNode();
        root.put("context", context);
        ObjectNode contextsNode = root.putObject("contexts");
        contexts.forEach((name, ctx) -> {
            ObjectNode node = contextsNode.putObject(name);
            ctx.endpoints().forEach(node.putArray("endpoints")::add);
            if (!ctx.nodes().isEmpty()) {
                ctx.nodes().forEach(node.putArray("nodes")::add);
            }
            putBase64(node, "ca", ctx.ca());
            putBase64(node, "crt", ctx.crt());
            putBase64(node, "key", ctx.key());
            if (ctx.cluster() != null) {
                node.put("cluster", ctx.cluster());
            }
        });
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render talosconfig", e);
        }
    }

    @Override
    public String toString() {
        return "TalosConfig[context=" + context + ", contexts=" + contexts + "]";
    }

    private static void putBase64(ObjectNode node, String field, String pem) {
        if (pem != null) {
            node.put(field, Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static final class Reader {

        private final Path file;

        Reader(Path file) {
            this.file = file;
        }

        TalosConfig read(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw error("the document is not a YAML mapping");
            }
            String current = text(root, "context", "context");
            if (current == null || current.isEmpty()) {
                throw error("field 'context' is missing");
            }
            JsonNode contextsNode = root.get("contexts");
            if (contextsNode == null || !contextsNode.isObject() || contextsNode.isEmpty()) {
                throw error("field 'contexts' is missing or empty");
            }
            if (!contextsNode.has(current)) {
                throw error("field 'context' names \"" + current + "\" but 'contexts' has no such entry (has "
                        + names(contextsNode) + ")");
            }
            Map<String, Context> contexts = new LinkedHashMap<>();
            contextsNode.fields().forEachRemaining(entry -> contexts.put(entry.getKey(),
                    context("contexts." + entry.getKey(), entry.getValue())));
            return new TalosConfig(current, contexts);
        }

        private Context context(String path, JsonNode node) {
            if (!node.isObject()) {
                throw error("field '" + path + "' is not a mapping");
            }
            List<String> endpoints = strings(node, path + ".endpoints");
            String target = text(node, "target", path + ".target");
            if (target != null && !target.isEmpty() && !endpoints.contains(target)) {
                endpoints.add(target);
            }
            String ca = pem(node, path, "ca");
            String crt = pem(node, path, "crt");
            String key = pem(node, path, "key");
            try {
                if (ca != null) {
                    Pem.decodeCertificate(ca);
                }
            } catch (PemException e) {
                throw error("field '" + path + ".ca' is not a PEM certificate: " + e.getMessage(), e);
            }
            try {
                if (crt != null) {
                    Pem.decodeCertificate(crt);
                }
            } catch (PemException e) {
                throw error("field '" + path + ".crt' is not a PEM certificate: " + e.getMessage(), e);
            }
            try {
                if (key != null) {
                    Pem.decodePrivateKey(key);
                }
            } catch (PemException e) {
                throw error("field '" + path + ".key' is not a PEM private key: " + e.getMessage(), e);
            }
            return new Context(endpoints, strings(node, path + ".nodes"), ca, crt, key,
                    text(node, "cluster", path + ".cluster"));
        }

        private String pem(JsonNode node, String path, String field) {
            String base64 = text(node, field, path + "." + field);
            if (base64 == null || base64.isEmpty()) {
                return null;
            }
            try {
                return new String(Base64.getMimeDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw error("field '" + path + "." + field + "' is not valid base64: " + e.getMessage(), e);
            }
        }

        private List<String> strings(JsonNode parent, String path) {
            JsonNode node = parent.get(path.substring(path.lastIndexOf('.') + 1));
            List<String> values = new ArrayList<>();
            if (node == null || node.isNull()) {
                return values;
            }
            if (!node.isArray()) {
                throw error("field '" + path + "' is not a list");
            }
            node.forEach(value -> {
                if (!value.isValueNode()) {
                    throw error("field '" + path + "' has an entry that is not a string");
                }
                values.add(value.asText());
            });
            return values;
        }

        private String text(JsonNode parent, String field, String path) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isValueNode()) {
                throw error("field '" + path + "' is not a string");
            }
            return node.asText();
        }

        private static List<String> names(JsonNode node) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }

        private TalosConfigException error(String message) {
            return new TalosConfigException("talosconfig " + file + ": " + message);
        }

        private TalosConfigException error(String message, Throwable cause) {
            return new TalosConfigException("talosconfig " + file + ": " + message, cause);
        }
    }
}
