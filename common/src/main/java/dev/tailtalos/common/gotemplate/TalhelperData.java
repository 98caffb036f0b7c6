package dev.tailtalos.common.gotemplate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The data talhelper renders patches and extraManifests against: the node's {@code *v1alpha1.Config} as it is at that
 * point. Used by config-service while rendering and by secrets-service for what it applies while sealing, so both
 * see the same data.
 */
public final class TalhelperData {

    private TalhelperData() {
    }

    /** The v1alpha1 document of {@code documents} (a copy); an empty config when there is none. */
    public static GoStruct of(List<ObjectNode> documents) {
        for (ObjectNode document : documents) {
            if (!document.has("kind")) {
                return ofV1Alpha1(document);
            }
        }
        return V1Alpha1Data.of(JsonNodeFactory.instance.objectNode());
    }

    /** A copy of the v1alpha1 document with the deprecated {@code persist: true} that tailtalos omits from configs. */
    public static GoStruct ofV1Alpha1(ObjectNode v1alpha1) {
        ObjectNode copy = v1alpha1.deepCopy();
        if (!copy.has("persist")) {
            copy.put("persist", true);
        }
        return V1Alpha1Data.of(copy);
    }
}
