package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads multi-document YAML into Jackson trees (key order kept) under {@link YamlLimits}, and
 * writes trees back as {@code ---}-separated documents with 2-space indentation.
 */
public final class Yaml {

    private static final String SEPARATOR = "---\n";

    private final YamlLimits limits;
    private final YAMLFactory readFactory;
    private final YAMLMapper writer;

    public Yaml() {
        this(YamlLimits.DEFAULT);
    }

    public Yaml(YamlLimits limits) {
        this.limits = limits;
        LoaderOptions loaderOptions = new LoaderOptions();
        loaderOptions.setCodePointLimit(limits.maxBytes());
        loaderOptions.setNestingDepthLimit(limits.maxDepth());
        loaderOptions.setMaxAliasesForCollections(limits.maxAliases());
        loaderOptions.setAllowDuplicateKeys(false);
        this.readFactory = YAMLFactory.builder()
                .loaderOptions(loaderOptions)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() + 1)
                        .maxStringLength(limits.maxBytes())
                        .build())
                .build();
        this.writer = YAMLMapper.builder(YAMLFactory.builder()
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                        .disable(YAMLGenerator.Feature.SPLIT_LINES)
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
        try (YAMLParser parser = readFactory.createParser(text)) {
            return new YamlTreeBuilder(parser, source, limits).readAll();
        } catch (JacksonException e) {
            throw new YamlException(source, lineOf(e.getLocation()), e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new YamlException(source, 0, e.getMessage(), e);
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
            return writer.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int lineOf(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }
}
