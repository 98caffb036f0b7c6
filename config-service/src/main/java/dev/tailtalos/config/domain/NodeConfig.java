package dev.tailtalos.config.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A talhelper node, or a {@code controlPlane:}/{@code worker:} group (where the node-only fields
 * hostname, ipAddress, controlPlane, installDisk and override* stay unset).
 */
public record NodeConfig(
        String hostname,
        String ipAddress,
        boolean controlPlane,
        String installDisk,
        String talosImageURL,
        Schematic schematic,
        List<String> nameservers,
        List<String> certSANs,
        Map<String, String> nodeLabels,
        Map<String, String> nodeTaints,
        List<String> patches,
        List<ExtensionService> extensionServices,
        boolean overridePatches,
        boolean overrideMachineCertSANs) {

    public NodeConfig {
        nameservers = Lists.copy(nameservers);
        certSANs = Lists.copy(certSANs);
        nodeLabels = Lists.copy(nodeLabels);
        nodeTaints = Lists.copy(nodeTaints);
        patches = Lists.copy(patches);
        extensionServices = Lists.copy(extensionServices);
    }

    /** The comma-separated {@code ipAddress} entries, trimmed. */
    public List<String> addresses() {
        if (ipAddress == null || ipAddress.isBlank()) {
            return List.of();
        }
        return Arrays.stream(ipAddress.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * talhelper's merge: a non-empty node value wins over the group's; patches are the group's
     * then the node's, certSANs the node's then the group's, unless the node's override flag is set.
     */
    public NodeConfig mergedWith(NodeConfig group) {
        if (group == null) {
            return this;
        }
        return new NodeConfig(
                hostname, ipAddress, controlPlane, installDisk,
                nonEmpty(talosImageURL) ? talosImageURL : group.talosImageURL,
                schematic != null ? schematic : group.schematic,
                nameservers.isEmpty() ? group.nameservers : nameservers,
                overrideMachineCertSANs ? certSANs : Lists.concat(certSANs, group.certSANs),
                nodeLabels.isEmpty() ? group.nodeLabels : nodeLabels,
                nodeTaints.isEmpty() ? group.nodeTaints : nodeTaints,
                overridePatches ? patches : Lists.concat(group.patches, patches),
                extensionServices.isEmpty() ? group.extensionServices : extensionServices,
                overridePatches, overrideMachineCertSANs);
    }

    private static boolean nonEmpty(String value) {
        return value != null && !value.isEmpty();
    }
}
