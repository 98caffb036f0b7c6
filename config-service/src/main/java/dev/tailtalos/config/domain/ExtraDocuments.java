package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The head every talhelper multi-doc addition starts with. */
final class ExtraDocuments {

    private ExtraDocuments() {
    }

    /** {@code apiVersion: v1alpha1}, {@code kind}, and {@code name} unless null. */
    static ObjectNode document(String kind, String name) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("apiVersion", "v1alpha1");
        document.put("kind", kind);
        if (name != null) {
            document.put("name", name);
        }
        return document;
    }
}
