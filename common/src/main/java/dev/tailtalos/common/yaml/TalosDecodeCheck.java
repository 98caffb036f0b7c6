package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What Talos's config loader refuses in a rendered config, judged by machinery's Go types ({@link TalosTypes}):
 * unknown keys, kinds Talos does not know, values that do not decode (a list where a mapping belongs, a size such as
 * {@code 20%} where Talos takes bytes). One problem per refused document, as Talos stops at the first.
 */
public final class TalosDecodeCheck {

    /** @param document 0-based index of the document in the config */
    public record Problem(int document, String path, String message) {
    }

    private final TalosTypes types;

    public TalosDecodeCheck(String talosVersion) {
        this.types = TalosTypes.forTalos(talosVersion);
    }

    public List<Problem> check(List<ObjectNode> documents) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            try {
                new TalosTypeCheck(types, "document " + (i + 1)).check(documents.get(i), null);
            } catch (PatchException e) {
                String path = e.path().contains(":") ? e.path().substring(e.path().indexOf(':') + 1) : e.path();
                String message = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
                problems.add(new Problem(i, path, "Talos " + types.machinery() + " refuses to load it: " + message));
            }
        }
        return problems;
    }
}
