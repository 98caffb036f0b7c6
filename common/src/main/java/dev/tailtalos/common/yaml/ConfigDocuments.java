package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How Talos identifies the documents of a multi-document machine config. */
public final class ConfigDocuments {

    public static final String V1ALPHA1 = "v1alpha1";

    private ConfigDocuments() {
    }

    /** A document without {@code kind} is the v1alpha1 machine config. */
    public static boolean isV1alpha1(ObjectNode document) {
        return !document.hasNonNull("kind");
    }

    /** {@code v1alpha1} for the legacy document, else {@code kind} or {@code kind/name}. */
    public static String label(ObjectNode document) {
        if (isV1alpha1(document)) {
            return V1ALPHA1;
        }
        String kind = document.path("kind").asText();
        return document.hasNonNull("name") ? kind + "/" + document.get("name").asText() : kind;
    }

    /** The matching identity, as Talos's strategic merge matches documents: apiVersion, kind and name. */
    public static String identity(ObjectNode document) {
        if (isV1alpha1(document)) {
            return identity("", V1ALPHA1, "");
        }
        return identity(text(document, "apiVersion"), text(document, "kind"), text(document, "name"));
    }

    static String identity(String apiVersion, String kind, String name) {
        return apiVersion + "|" + kind + "|" + name;
    }

    private static String text(ObjectNode document, String field) {
        JsonNode value = document.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
