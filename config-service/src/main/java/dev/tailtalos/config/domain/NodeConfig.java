package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A talhelper node, or a {@code controlPlane:}/{@code worker:} group (where the node-only fields
 * hostname, ipAddress, controlPlane, installDisk, installDiskSelector, ignoreHostname and override* stay unset).
 * Talos-typed values (disk selector, files, kernel modules, interfaces) stay YAML trees and are copied as written.
 */
public record NodeConfig(
        String hostname,
        String ipAddress,
        boolean controlPlane,
        String installDisk,
        ObjectNode installDiskSelector,
        boolean ignoreHostname,
        String talosImageURL,
        Schematic schematic,
        MachineSpec machineSpec,
        List<String> nameservers,
        boolean disableSearchDomain,
        List<JsonNode> networkInterfaces,
        List<String> certSANs,
        Map<String, String> nodeLabels,
        Map<String, String> nodeAnnotations,
        Map<String, String> nodeTaints,
        List<JsonNode> kernelModules,
        List<ObjectNode> machineFiles,
        List<String> patches,
        List<ExtensionService> extensionServices,
        JsonNode ingressFirewall,
        List<JsonNode> volumes,
        List<JsonNode> userVolumes,
        List<JsonNode> machineDisks,
        List<String> extraManifests,
        String filenameTmpl,
        boolean overridePatches,
        boolean overrideMachineCertSANs,
        boolean overrideExtraManifests,
        boolean noSchematicValidate) {

    public NodeConfig {
        nameservers = Lists.copy(nameservers);
        networkInterfaces = Lists.copy(networkInterfaces);
        certSANs = Lists.copy(certSANs);
        nodeLabels = Lists.copy(nodeLabels);
        nodeAnnotations = Lists.copy(nodeAnnotations);
        nodeTaints = Lists.copy(nodeTaints);
        kernelModules = Lists.copy(kernelModules);
        machineFiles = Lists.copy(machineFiles);
        patches = Lists.copy(patches);
        extensionServices = Lists.copy(extensionServices);
        volumes = Lists.copy(volumes);
        userVolumes = Lists.copy(userVolumes);
        machineDisks = Lists.copy(machineDisks);
        extraManifests = Lists.copy(extraManifests);
    }

    /** A node with the fields the installer image depends on; everything else unset. */
    public static NodeConfig forImage(String hostname, String talosImageURL, Schematic schematic) {
        return new NodeConfig(hostname, null, false, null, null, false, talosImageURL, schematic, null, null, false,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, false, false, false,
                false);
    }

    /** {@code machineSpec}: mode and secureboot feed the installer URL; useUKI keeps kernel args out of install. */
    public record MachineSpec(String mode, String arch, boolean secureboot, boolean useUKI) {
        public String modeOrDefault() {
            return mode == null || mode.isBlank() ? "metal" : mode;
        }
    }

    /** The comma-separated {@code ipAddress} entries, trimmed. */
    public List<String> addresses() {
        if (ipAddress == null || ipAddress.isBlank()) {
            return List.of();
        }
        return Arrays.stream(ipAddress.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * talhelper's merge (reflect.IsZero): a non-zero node value wins over the group's, with no deep merge; patches
     * are the group's then the node's, certSANs and extraManifests the node's then the group's, unless the node's
     * override flag is set.
     */
    public NodeConfig mergedWith(NodeConfig group) {
        if (group == null) {
            return this;
        }
        return new NodeConfig(
                hostname, ipAddress, controlPlane, installDisk, installDiskSelector, ignoreHostname,
                nonEmpty(talosImageURL) ? talosImageURL : group.talosImageURL,
                schematic != null ? schematic : group.schematic,
                machineSpec != null ? machineSpec : group.machineSpec,
                nameservers.isEmpty() ? group.nameservers : nameservers,
                disableSearchDomain || group.disableSearchDomain,
                networkInterfaces.isEmpty() ? group.networkInterfaces : networkInterfaces,
                overrideMachineCertSANs ? certSANs : Lists.concat(certSANs, group.certSANs),
                nodeLabels.isEmpty() ? group.nodeLabels : nodeLabels,
                nodeAnnotations.isEmpty() ? group.nodeAnnotations : nodeAnnotations,
                nodeTaints.isEmpty() ? group.nodeTaints : nodeTaints,
                kernelModules.isEmpty() ? group.kernelModules : kernelModules,
                machineFiles.isEmpty() ? group.machineFiles : machineFiles,
                overridePatches ? patches : Lists.concat(group.patches, patches),
                extensionServices.isEmpty() ? group.extensionServices : extensionServices,
                isUnset(ingressFirewall) ? group.ingressFirewall : ingressFirewall,
                volumes.isEmpty() ? group.volumes : volumes,
                userVolumes.isEmpty() ? group.userVolumes : userVolumes,
                machineDisks.isEmpty() ? group.machineDisks : machineDisks,
                overrideExtraManifests ? extraManifests : Lists.concat(extraManifests, group.extraManifests),
                nonEmpty(filenameTmpl) ? filenameTmpl : group.filenameTmpl,
                overridePatches, overrideMachineCertSANs, overrideExtraManifests,
                noSchematicValidate || group.noSchematicValidate);
    }

    /** A pointer field in talhelper: only an absent or null value is zero; {@code {}} is set. */
    private static boolean isUnset(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    private static boolean nonEmpty(String value) {
        return value != null && !value.isEmpty();
    }
}
