package dev.tailtalos.config.domain;

import dev.tailtalos.common.gotemplate.Functions;
import dev.tailtalos.common.gotemplate.GoTemplate;
import dev.tailtalos.common.gotemplate.TemplateException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The installer image a node installs and upgrades from, as talhelper chooses it: {@code talosImageURL} (tagged with
 * the Talos version) wins, then the Image Factory image of the node's schematic, then that of the empty schematic.
 * The factory form is talhelper's default {@code <registry>/<mode>-installer[-secureboot]/<id>:<version>}; the legacy
 * {@code <registry>/installer/<id>:<version>} form is available through {@link Form#LEGACY}. An
 * {@code imageFactory.installerURLTmpl} replaces the default form: a Go template (with sprig) over RegistryURL, ID,
 * Version, Mode and Secureboot, as talhelper renders it.
 */
public final class InstallerImage {

    public static final String DEFAULT_REGISTRY = "factory.talos.dev";

    public enum Form { PLATFORM, LEGACY }

    private InstallerImage() {
    }

    public static String forNode(NodeConfig mergedNode, String talosVersionTag) {
        return forNode(mergedNode, talosVersionTag, DEFAULT_REGISTRY, Form.PLATFORM);
    }

    public static String forNode(NodeConfig node, String talosVersionTag, String registry, Form form) {
        if (node.talosImageURL() != null && !node.talosImageURL().isBlank()) {
            return node.talosImageURL() + ":" + talosVersionTag;
        }
        Schematic schematic = node.schematic() == null ? Schematic.EMPTY : node.schematic();
        return factoryImage(SchematicId.of(schematic), talosVersionTag, registry, form, node.machineSpec());
    }

    /**
     * The node's image with the repo's {@code imageFactory.installerURLTmpl} when one is set.
     *
     * @param env the variables sprig's {@code env} reads
     */
    public static String forNode(NodeConfig node, String talosVersionTag, String registry, String installerURLTmpl,
                                 Map<String, String> env) {
        if (installerURLTmpl == null || installerURLTmpl.isBlank()
                || (node.talosImageURL() != null && !node.talosImageURL().isBlank())) {
            return forNode(node, talosVersionTag, registry, Form.PLATFORM);
        }
        Schematic schematic = node.schematic() == null ? Schematic.EMPTY : node.schematic();
        NodeConfig.MachineSpec spec = node.machineSpec();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("RegistryURL", registry == null || registry.isBlank() ? DEFAULT_REGISTRY : registry);
        fields.put("ID", SchematicId.of(schematic));
        fields.put("Version", talosVersionTag);
        fields.put("Mode", spec == null ? "metal" : spec.modeOrDefault());
        fields.put("Secureboot", spec != null && spec.secureboot());
        try {
            return GoTemplate.parse("installer", installerURLTmpl, Functions.sprig(env))
                    .execute(GoTemplate.struct("talos.installerTmpl", fields));
        } catch (TemplateException e) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(TalconfigLoader.TALCONFIG, 0,
                    "imageFactory.installerURLTmpl", e.reason())));
        }
    }

    public static String factoryImage(String schematicId, String talosVersionTag, String registry, Form form,
                                      NodeConfig.MachineSpec spec) {
        boolean secureboot = spec != null && spec.secureboot();
        String repository = form == Form.LEGACY
                ? "installer"
                : (spec == null ? "metal" : spec.modeOrDefault()) + "-installer";
        return (registry == null || registry.isBlank() ? DEFAULT_REGISTRY : registry) + "/" + repository
                + (secureboot ? "-secureboot" : "") + "/" + schematicId + ":" + talosVersionTag;
    }
}
