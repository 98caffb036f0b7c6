package dev.tailtalos.config.domain;

import com.fasterxml.jackson.annotation.JsonAlias;
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
        List<String> patches,
        NodeConfig controlPlane,
        NodeConfig worker,
        List<NodeConfig> nodes) {

    public static final String DEFAULT_TALOS_VERSION = "v1.10.4";
    public static final String DEFAULT_DOMAIN = "cluster.local";
    public static final List<String> DEFAULT_POD_NETS = List.of("10.244.0.0/16");
    public static final List<String> DEFAULT_SVC_NETS = List.of("10.96.0.0/12");

    public Talconfig {
        additionalMachineCertSans = Lists.copy(additionalMachineCertSans);
        additionalApiServerCertSans = Lists.copy(additionalApiServerCertSans);
        clusterPodNets = Lists.copy(clusterPodNets);
        clusterSvcNets = Lists.copy(clusterSvcNets);
        patches = Lists.copy(patches);
        nodes = Lists.copy(nodes);
    }

    /** talosVersion with a leading {@code v}; the Talos v1.10 line when unset. */
    public String talosVersionTag() {
        String version = talosVersion == null || talosVersion.isBlank() ? DEFAULT_TALOS_VERSION : talosVersion.trim();
        return version.startsWith("v") ? version : "v" + version;
    }

    /** kubernetesVersion with a leading {@code v}, as used in image tags. */
    public String kubernetesVersionTag() {
        String version = kubernetesVersion == null ? "" : kubernetesVersion.trim();
        return version.startsWith("v") ? version : "v" + version;
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
