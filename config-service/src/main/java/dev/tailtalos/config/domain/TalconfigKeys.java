package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.common.yaml.YamlDocument;
import dev.tailtalos.common.yaml.YamlPath;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Warns about keys talhelper does not know, and talhelper keys tailtalos does not render yet. */
final class TalconfigKeys {

    private static final Set<String> TOP = Set.of("clusterName", "talosVersion", "kubernetesVersion", "endpoint",
            "domain", "allowSchedulingOnMasters", "allowSchedulingOnControlPlanes", "additionalMachineCertSans",
            "additionalApiServerCertSans", "clusterPodNets", "clusterSvcNets", "patches", "controlPlane", "worker",
            "nodes", "cniConfig", "imageFactory", "inlineManifests");
    private static final Set<String> TOP_NOT_RENDERED = Set.of();
    private static final Set<String> NODE_CONFIGS = Set.of("talosImageURL", "schematic", "nameservers", "certSANs",
            "nodeLabels", "nodeTaints", "patches", "extensionServices", "nodeAnnotations", "machineFiles",
            "kernelModules", "disableSearchDomain", "networkInterfaces", "machineSpec", "imageSchematic",
            "noSchematicValidate", "ingressFirewall", "volumes", "userVolumes", "machineDisks", "extraManifests",
            "filenameTmpl");
    private static final Set<String> NODE_CONFIGS_NOT_RENDERED = Set.of();
    private static final Set<String> NODE_ONLY = Set.of("hostname", "ipAddress", "controlPlane", "installDisk",
            "overridePatches", "overrideMachineCertSANs", "installDiskSelector", "ignoreHostname",
            "overrideExtraManifests");
    private static final Set<String> NODE_ONLY_NOT_RENDERED = Set.of();

    private TalconfigKeys() {
    }

    /** @param strict unknown keys are errors instead of warnings */
    static void check(YamlDocument document, String file, boolean strict, Consumer<ConfigProblem> problems) {
        check(document, file, p -> problems.accept(strict && p.message().startsWith("unknown key")
                ? ConfigProblem.error(p.file(), p.line(), p.field(), p.message() + " (--strict)") : p));
    }

    static void check(YamlDocument document, String file, Consumer<ConfigProblem> problems) {
        JsonNode root = document.root();
        checkKeys(root, "", TOP, TOP_NOT_RENDERED, Set.of(), document, file, problems);
        for (String group : List.of("controlPlane", "worker")) {
            checkKeys(root.path(group), group, NODE_CONFIGS, NODE_CONFIGS_NOT_RENDERED,
                    union(NODE_ONLY, NODE_ONLY_NOT_RENDERED), document, file, problems);
        }
        JsonNode nodes = root.path("nodes");
        // a nodes value that is not a list is refused when the config is bound (wrong type)
        for (int i = 0; nodes.isArray() && i < nodes.size(); i++) {
            checkKeys(nodes.get(i), YamlPath.index("nodes", i), union(NODE_CONFIGS, NODE_ONLY),
                    union(NODE_CONFIGS_NOT_RENDERED, NODE_ONLY_NOT_RENDERED), Set.of(), document, file, problems);
        }
    }

    private static void checkKeys(JsonNode object, String path, Set<String> known, Set<String> notRendered,
                                  Set<String> nodeOnly, YamlDocument document, String file,
                                  Consumer<ConfigProblem> problems) {
        if (!object.isObject()) {
            return;
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String field = YamlPath.field(path, key);
            int line = document.lineOf(field);
            if (key.equals("extraManifests") && known.contains(key)) {
                problems.accept(ConfigProblem.warning(file, line, field,
                        "`extraManifests` is deprecated, please use `patches` instead"));
            } else if (nodeOnly.contains(key)) {
                problems.accept(ConfigProblem.warning(file, line, field, "node-only key is ignored in a group"));
            } else if (notRendered.contains(key)) {
                problems.accept(ConfigProblem.warning(file, line, field, "talhelper key is not rendered by tailtalos yet"));
            } else if (!known.contains(key)) {
                problems.accept(ConfigProblem.warning(file, line, field, "unknown key"));
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
