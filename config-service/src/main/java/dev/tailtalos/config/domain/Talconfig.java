package dev.tailtalos.config.domain;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** talconfig.yaml after env substitution; {@link #nodes()} are as written, before the group merge. */
public record Talconfig(
        String clusterName,
        String talosVersion,
        String kubernetesVersion,
        String endpoint,
        String domain,
        @JsonAlias("allowSchedulingOnMasters") boolean allowSchedulingOnControlPlanes,
        List<String> additionalMachineCertSans,
        List<String> additionalApiServerCertSans,
        List<String> clusterPodNets,
        List<String> clusterSvcNets,
        JsonNode cniConfig,
        List<JsonNode> inlineManifests,
        ImageFactory imageFactory,
        List<String> patches,
        NodeConfig controlPlane,
        NodeConfig worker,
        List<NodeConfig> nodes) {

    /** talhelper v3.1.16's LatestTalosVersion: what an unset talosVersion means. */
    public static final String DEFAULT_TALOS_VERSION = "v1.13.8";
    public static final String DEFAULT_DOMAIN = "cluster.local";
    public static final List<String> DEFAULT_POD_NETS = List.of("10.244.0.0/16");
    public static final List<String> DEFAULT_SVC_NETS = List.of("10.96.0.0/12");

    public Talconfig {
        additionalMachineCertSans = Lists.copy(additionalMachineCertSans);
        additionalApiServerCertSans = Lists.copy(additionalApiServerCertSans);
        clusterPodNets = Lists.copy(clusterPodNets);
        clusterSvcNets = Lists.copy(clusterSvcNets);
        patches = Lists.copy(patches);
        inlineManifests = Lists.copy(inlineManifests);
        nodes = Lists.copy(nodes);
    }

    /** {@code imageFactory:} settings; unset fields take talhelper's defaults. */
    public record ImageFactory(String registryURL, String installerURLTmpl) {
    }

    /** talosVersion with a leading {@code v}; talhelper's LatestTalosVersion when unset. */
    public String talosVersionTag() {
        String version = talosVersion == null || talosVersion.isBlank() ? DEFAULT_TALOS_VERSION : talosVersion.trim();
        return version.startsWith("v") ? version : "v" + version;
    }

    /** kubernetesVersion with a leading {@code v}, as used in image tags. */
    public String kubernetesVersionTag() {
        String version = kubernetesVersion == null ? "" : kubernetesVersion.trim();
        return version.startsWith("v") ? version : "v" + version;
    }

    /** The Image Factory registry installer images are pulled from. */
    public String factoryRegistry() {
        return imageFactory == null || imageFactory.registryURL() == null || imageFactory.registryURL().isBlank()
                ? InstallerImage.DEFAULT_REGISTRY : imageFactory.registryURL();
    }

    public String dnsDomain() {
        return domain == null || domain.isBlank() ? DEFAULT_DOMAIN : domain;
    }

    public List<String> podSubnets() {
        return clusterPodNets.isEmpty() ? DEFAULT_POD_NETS : clusterPodNets;
    }

    public List<String> serviceSubnets() {
        return clusterSvcNets.isEmpty() ? DEFAULT_SVC_NETS : clusterSvcNets;
    }

    /** Node {@code index} merged with its group (talhelper §1.4). */
    public NodeConfig mergedNode(int index) {
        NodeConfig node = nodes.get(index);
        return node.mergedWith(node.controlPlane() ? controlPlane : worker);
    }
}
