package dev.tailtalos.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tailtalos.common.yaml.ConfigDocuments;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A config in the form the event chain shows it before sealing: secrets as their {@code custody://} and
 * {@code sops-env://} references, values that only a SOPS-encrypted patch put in masked. Built from the config with
 * its secrets in ({@code full}: a sealed config, or a render that decrypted SOPS files) and the chain's reference
 * form of the same config ({@code references}: the config.rendered template it was sealed from, or a render without
 * SOPS keys). A value of {@code full} is kept when the reference form has it too, replaced by the reference form's
 * text when that holds a reference matching it, and masked otherwise: so nothing from custody or a SOPS file remains.
 * Keys are kept (sops leaves keys in plain text).
 */
final class ReferenceForm {
    static final String SOPS_MASK = "«from a SOPS-encrypted file»";
    static final String NOT_SHOWN = "«sealed value not shown»";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern REFERENCE = Pattern.compile(
            "custody://[^\\s\"',]+|sops-env://[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ENV_ENTRY = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*=)");
    private static final Pattern TAILSCALE_KEY = Pattern.compile("tskey-[A-Za-z0-9_-]+");

    private final String mask;

    private ReferenceForm(String mask) {
        this.mask = mask;
    }

    /** {@code full} in reference form; values neither in {@code references} nor matched by one of its references are masked. */
    static List<ObjectNode> of(List<ObjectNode> full, List<ObjectNode> references) {
        return new ReferenceForm(SOPS_MASK).documents(full, references);
    }

    /** Like {@link #of}, for a sealed config whose own reference form is unknown: compared with the rendered one. */
    static List<ObjectNode> againstRendered(List<ObjectNode> sealed, List<ObjectNode> renderedForm) {
        return new ReferenceForm(NOT_SHOWN).documents(sealed, renderedForm);
    }

    private List<ObjectNode> documents(List<ObjectNode> full, List<ObjectNode> references) {
        List<ObjectNode> unused = new ArrayList<>(references);
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode document : full) {
            String label = ConfigDocuments.label(document);
            ObjectNode counterpart = unused.stream().filter(d -> ConfigDocuments.label(d).equals(label)).findFirst()
                    .orElse(null);
            unused.remove(counterpart);
            out.add((ObjectNode) node(document, counterpart));
        }
        return out;
    }

    private JsonNode node(JsonNode full, JsonNode reference) {
        if (full.isObject()) {
            ObjectNode out = NODES.objectNode();
            full.properties().forEach(field -> out.set(field.getKey(), node(field.getValue(),
                    reference != null && reference.isObject() ? reference.get(field.getKey()) : null)));
            return out;
        }
        if (full.isArray()) {
            ArrayNode referenceArray = reference != null && reference.isArray() ? (ArrayNode) reference : null;
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < full.size(); i++) {
                JsonNode atIndex = referenceArray == null ? null : referenceArray.get(i);
                out.add(full.get(i).isContainerNode() ? node(full.get(i), atIndex)
                        : scalar(full.get(i), atIndex, referenceArray));
            }
            return out;
        }
        return scalar(full, reference, null);
    }

    /** @param siblings for an element of a list of scalars, the reference form's list (elements may move) */
    private JsonNode scalar(JsonNode value, JsonNode reference, ArrayNode siblings) {
        if (value.isNull() || value.equals(reference)) {
            return value;
        }
        List<JsonNode> candidates = new ArrayList<>();
        if (reference != null) {
            candidates.add(reference);
        }
        if (siblings != null) {
            siblings.forEach(candidates::add);
        }
        for (JsonNode candidate : candidates) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        String text = value.asText();
        for (JsonNode candidate : candidates) {
            boolean positional = candidate == reference;
            if (candidate.isTextual() && REFERENCE.matcher(candidate.textValue()).find()
                    && (positional || !REFERENCE.matcher(candidate.textValue()).matches())
                    && template(candidate.textValue()).matcher(text).matches()) {
                return candidate;
            }
        }
        Matcher env = ENV_ENTRY.matcher(text);
        return TextNode.valueOf(value.isTextual() && env.find() ? env.group(1) + mask : mask);
    }

    /** The reference text as a pattern: literal parts as they are, each reference standing for any value. */
    private static Pattern template(String withReferences) {
        StringBuilder regex = new StringBuilder();
        Matcher m = REFERENCE.matcher(withReferences);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(withReferences.substring(last, m.start()))).append("(.+?)");
            last = m.end();
        }
        regex.append(Pattern.quote(withReferences.substring(last)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * Defence in depth for text about to be printed: Tailscale keys and PEM private keys in the clear are hidden.
     * Both sides of a diff go through it, so it hides no change but a secret.
     */
    static String scrub(String yaml) {
        String out = TAILSCALE_KEY.matcher(yaml).replaceAll("«tskey hidden»");
        return out.replaceAll("(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----",
                "«private key hidden»");
    }
}
