package dev.tailtalos.secrets.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Multi-document machine-config YAML as Jackson trees (key order kept). */
final class YamlDocuments {
    private static final YAMLMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    private YamlDocuments() {
    }

    static List<JsonNode> read(String yaml) {
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new IllegalArgumentException("config template is not valid YAML: " + e.getMessage(), e);
        }
    }

    static String write(List<JsonNode> docs) {
        StringWriter out = new StringWriter();
        try {
            for (int i = 0; i < docs.size(); i++) {
                if (i > 0) {
                    out.write("---\n");
                }
                out.write(MAPPER.writeValueAsString(docs.get(i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** "v1alpha1:" or "ExtensionServiceConfig/tailscale:" — a prefix for paths inside a document. */
    static String documentName(JsonNode doc) {
        if (doc.has("kind")) {
            String name = doc.path("name").asText("");
            return doc.get("kind").asText() + (name.isEmpty() ? "" : "/" + name) + ":";
        }
        return "v1alpha1:";
    }

}
