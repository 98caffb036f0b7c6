package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads multi-document YAML as go-yaml v3 reads it (SnakeYAML parses and resolves anchors; {@link YamlTreeBuilder}
 * types scalars the go-yaml way) into Jackson trees (key order kept) under {@link YamlLimits}, and
 * writes trees back as {@code ---}-separated documents with 2-space indentation.
 */
public final class Yaml {

    private static final String SEPARATOR = "---\n";

    private final YamlLimits limits;
    private final YAMLMapper writer;

    public Yaml() {
        this(YamlLimits.DEFAULT);
    }

    public Yaml(YamlLimits limits) {
        this.limits = limits;
        this.writer = YAMLMapper.builder(YAMLFactory.builder()
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                        .disable(YAMLGenerator.Feature.SPLIT_LINES)
                        .stringQuotingChecker(new GoYamlQuoting())
                        .build())
                .build();
    }

    public YamlLimits limits() {
        return limits;
    }

    /** Parses every document of {@code text}; {@code source} names the input in errors. Empty documents are skipped. */
    public List<YamlDocument> parse(String source, String text) {
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > limits.maxBytes()) {
            throw new YamlException(source, 0, "file is " + size + " bytes, larger than the limit of " + limits.maxBytes());
        }
        try {
            return new YamlTreeBuilder(text, source, limits).readAll();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            if (e.getContextMark() != null && mark != null && text.substring(Math.min(mark.getIndex(), text.length()))
                    .isBlank()) {
                // the input ended inside a construct: where that construct starts says more than the end of the file
                mark = e.getContextMark();
            }
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? e.getContext() + ": " : "";
            throw new YamlException(source, mark == null ? 0 : mark.getLine() + 1, context + problem, e);
        } catch (YAMLException e) {
            int deep = YamlTreeBuilder.lineDeeperThan(text, limits.maxDepth());
            if (deep > 0) {
                throw new YamlException(source, deep, "nesting deeper than " + limits.maxDepth() + " levels");
            }
            throw new YamlException(source, 0, String.valueOf(e.getMessage()), e);
        } catch (RuntimeException e) {
            if (e instanceof YamlException) {
                throw e;
            }
            throw new YamlException(source, 0, String.valueOf(e.getMessage()), e);
        }
    }

    /** Reads a file, checking its size before loading it; errors name the file. */
    public List<YamlDocument> parseFile(Path file) {
        String source = file.toString();
        try {
            long size = Files.size(file);
            if (size > limits.maxBytes()) {
                throw new YamlException(source, 0, "file is " + size + " bytes, larger than the limit of " + limits.maxBytes());
            }
            return parse(source, Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new YamlException(source, 0, "is not valid UTF-8 text (YAML files must be UTF-8)", e);
        } catch (IOException e) {
            throw new YamlException(source, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The document trees of {@code text}. */
    public List<JsonNode> readAll(String source, String text) {
        List<JsonNode> roots = new ArrayList<>();
        for (YamlDocument document : parse(source, text)) {
            roots.add(document.root());
        }
        return roots;
    }

    /** The documents of {@code text}, each of which must be a mapping. */
    public List<ObjectNode> readObjects(String source, String text) {
        List<ObjectNode> objects = new ArrayList<>();
        for (YamlDocument document : parse(source, text)) {
            if (!document.root().isObject()) {
                throw new YamlException(source, document.lineOf(""), "document " + (objects.size() + 1) + " is not a mapping");
            }
            objects.add((ObjectNode) document.root());
        }
        return objects;
    }

    /** Writes documents separated by {@code ---} (none before the first). */
    public String write(List<? extends JsonNode> documents) {
        StringBuilder out = new StringBuilder();
        for (JsonNode document : documents) {
            if (!out.isEmpty()) {
                out.append(SEPARATOR);
            }
            out.append(write(document));
        }
        return out.toString();
    }

    public String write(JsonNode document) {
        try {
            return writer.writeValueAsString(withNotations(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /** A copy in which integers read as {@code 0o644} or {@code 0x1F} write the same way; the tree itself when none. */
    private static JsonNode withNotations(JsonNode node) {
        if (!hasNotation(node)) {
            return node;
        }
        if (SourceText.keepsNotation(node)) {
            return new POJONode(new SourceText.Notation(((SourceText) node).sourceText()));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), withNotations(e.getValue())));
            return copy;
        }
        ArrayNode copy = ((ArrayNode) node).arrayNode();
        node.forEach(item -> copy.add(withNotations(item)));
        return copy;
    }

    private static boolean hasNotation(JsonNode node) {
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (hasNotation(child)) {
                    return true;
                }
            }
            return false;
        }
        return SourceText.keepsNotation(node);
    }

    /** Quotes every string go-yaml v3 would read back as something else ({@code "0x1F"}, {@code "1e3"}, {@code "~"}). */
    private static final class GoYamlQuoting extends StringQuotingChecker.Default {
        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || (!value.isEmpty() && !GoYamlScalars.plain(value).isTextual());
        }

        @Override
        public boolean needToQuoteName(String name) {
            return super.needToQuoteName(name) || (!name.isEmpty() && !GoYamlScalars.plain(name).isTextual());
        }
    }
}
