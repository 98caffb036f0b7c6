package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.gotemplate.Functions;
import dev.tailtalos.common.gotemplate.GoFunction;
import dev.tailtalos.common.gotemplate.GoStruct;
import dev.tailtalos.common.gotemplate.GoTemplate;
import dev.tailtalos.common.gotemplate.TalhelperData;
import dev.tailtalos.common.gotemplate.TemplateException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where talhelper renders Go templates (text/template + sprig): patches, templated nodeLabels/nodeAnnotations values
 * and extraManifests against the node's v1alpha1 config, and the output file name (filenameTmpl, builtins only).
 */
final class NodeTemplates {

    static final String DEFAULT_FILENAME_TMPL = "{{ .ClusterName }}-{{ .Hostname }}.yaml";

    private final Map<String, GoFunction> sprig;

    /** @param env the variables of the run; sprig's {@code env} reads them as talhelper's process env */
    NodeTemplates(Map<String, String> env) {
        this.sprig = Functions.sprig(env);
    }

    /** The v1alpha1 document of {@code documents} (a copy) as talhelper's template data, {@code *v1alpha1.Config}. */
    static GoStruct data(List<ObjectNode> documents) {
        return TalhelperData.of(documents);
    }

    /**
     * Renders {@code text} with sprig.
     *
     * @param file  the file the template comes from, for errors (talconfig.yaml for inline values)
     * @param field where talconfig.yaml names it
     */
    String render(String file, String field, String text, GoStruct data) {
        try {
            return GoTemplate.parse(file, text, sprig).execute(data);
        } catch (TemplateException e) {
            throw templateProblem(file, field, e);
        }
    }

    private static ConfigValidationException templateProblem(String file, String field, TemplateException e) {
        if (file.equals(TalconfigLoader.TALCONFIG)) {
            // an inline value: its template lines are not talconfig.yaml's lines
            return new ConfigValidationException(List.of(ConfigProblem.error(file, 0, field, "Go template"
                    + (e.line() > 1 ? " (line " + e.line() + " of the value)" : "") + ": " + e.reason())));
        }
        return new ConfigValidationException(List.of(ConfigProblem.error(file, e.line(), field,
                "Go template: " + e.reason())));
    }

    /** Parses {@code text} only, for a template secrets-service renders: syntax errors are reported here. */
    void check(String file, String field, String text) {
        try {
            GoTemplate.parse(file, text, sprig);
        } catch (TemplateException e) {
            throw templateProblem(file, field, e);
        }
    }

    /**
     * talhelper's nodeLabels/nodeAnnotations templating (§4.4): each value containing {@code {{} or {@code }}} is
     * rendered against {@code v1alpha1} as it is before any of them (labels do not see rendered annotations or
     * each other) and added to the map.
     */
    void renderNodeMetadata(ObjectNode v1alpha1, NodeConfig node, String fieldPrefix) {
        GoStruct data = TalhelperData.ofV1Alpha1(v1alpha1);
        ObjectNode machine = (ObjectNode) v1alpha1.get("machine");
        addRendered(machine, "nodeLabels", node.nodeLabels(), fieldPrefix, data);
        addRendered(machine, "nodeAnnotations", node.nodeAnnotations(), fieldPrefix, data);
    }

    private void addRendered(ObjectNode machine, String key, Map<String, String> values, String fieldPrefix,
                             GoStruct data) {
        Map<String, String> rendered = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (GoTemplate.isTemplate(value)) {
                rendered.put(name, render(TalconfigLoader.TALCONFIG, fieldPrefix + key + "." + name, value, data));
            }
        });
        if (!rendered.isEmpty()) {
            ObjectNode map = machine.has(key) ? (ObjectNode) machine.get(key) : machine.putObject(key);
            rendered.forEach(map::put);
        }
    }

    /** Only the values that are not templates (talhelper replaces the map with these first). */
    static Map<String, String> withoutTemplates(Map<String, String> values) {
        Map<String, String> plain = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!GoTemplate.isTemplate(v)) {
                plain.put(k, v);
            }
        });
        return plain;
    }

    /**
     * The node's output file name: filenameTmpl (Go builtins only, as talhelper parses it without sprig) over
     * ClusterName, Hostname, IPAddress (as written) and Role. It must stay inside the output directory.
     */
    static String fileName(Talconfig config, NodeConfig node, String field) {
        String template = node.filenameTmpl() == null || node.filenameTmpl().isEmpty()
                ? DEFAULT_FILENAME_TMPL : node.filenameTmpl();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ClusterName", config.clusterName() == null ? "" : config.clusterName());
        fields.put("Hostname", node.hostname() == null ? "" : node.hostname());
        fields.put("IPAddress", node.ipAddress() == null ? "" : node.ipAddress());
        fields.put("Role", node.controlPlane() ? "controlplane" : "worker");
        String name;
        try {
            name = GoTemplate.parse("filenameTmpl", template, Functions.builtins())
                    .execute(GoTemplate.struct("config.filenameTmpl", fields));
        } catch (TemplateException e) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(TalconfigLoader.TALCONFIG, 0, field,
                    "filenameTmpl: " + e.reason())));
        }
        Path path = Path.of(name).normalize();
        if (name.isBlank() || path.isAbsolute() || path.startsWith("..") || path.toString().isEmpty()
                || name.contains("\0") || name.endsWith("/")) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(TalconfigLoader.TALCONFIG, 0, field,
                    "filenameTmpl gives \"" + name + "\", which is not a file name inside the output directory")));
        }
        return path.toString();
    }
}
