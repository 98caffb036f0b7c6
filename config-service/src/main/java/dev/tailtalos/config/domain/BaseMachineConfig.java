package dev.tailtalos.config.domain;

import static dev.tailtalos.config.domain.SecretsBundleRef.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The documents {@code talosctl gen config} produces for a node under a version contract, with talhelper's node
 * overrides applied (talhelper §4.3–4.7) and every secret written as a custody reference. Keys follow the Talos
 * struct order.
 */
final class BaseMachineConfig {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String EXCLUDE_FROM_LB = "node.kubernetes.io/exclude-from-external-load-balancers";

    private BaseMachineConfig() {
    }

    /** The base documents: v1alpha1, then (≥1.12) the generated HostnameConfig. */
    static List<ObjectNode> build(Talconfig config, NodeConfig node, TalosContract contract, String installerImage,
                                  List<String> tailnetSans) {
        ObjectNode root = NODES.objectNode();
        root.put("version", "v1alpha1");
        root.put("debug", false);
        // talhelper and `talosctl gen config` still write the deprecated `persist: true`; Talos ignores it and the
        // Talos config JSON schema rejects it, so tailtalos leaves it out.
        root.set("machine", machine(config, node, contract, installerImage, tailnetSans));
        root.set("cluster", cluster(config, node.controlPlane(), contract, tailnetSans));
        List<ObjectNode> documents = new ArrayList<>(List.of(root));
        if (contract.multidocNetwork()) {
            ObjectNode hostname = NODES.objectNode();
            hostname.put("apiVersion", "v1alpha1");
            hostname.put("kind", "HostnameConfig");
            hostname.put("auto", "stable");
            documents.add(hostname);
        }
        return documents;
    }

    private static ObjectNode machine(Talconfig config, NodeConfig node, TalosContract contract, String installerImage,
                                      List<String> tailnetSans) {
        ObjectNode machine = NODES.objectNode();
        machine.put("type", node.controlPlane() ? "controlplane" : "worker");
        machine.put("token", TRUSTD_TOKEN);
        machine.set("ca", pair(OS_CRT, node.controlPlane() ? OS_KEY : ""));
        List<String> sans = new ArrayList<>(config.additionalMachineCertSans());
        sans.addAll(node.certSANs());
        addMissing(sans, tailnetSans);
        machine.set("certSANs", strings(sans));
        ObjectNode kubelet = machine.putObject("kubelet");
        kubelet.put("image", "ghcr.io/siderolabs/kubelet:" + config.kubernetesVersionTag());
        kubelet.put("defaultRuntimeSeccompProfileEnabled", true);
        kubelet.put("disableManifestsDirectory", true);
        if (contract.legacyNetworkSection()) {
            machine.set("network", legacyNetwork(node, contract));
        }
        machine.set("install", install(node, contract, installerImage));
        if (!node.machineFiles().isEmpty()) {
            ArrayNode files = machine.putArray("files");
            for (ObjectNode file : node.machineFiles()) {
                ObjectNode copy = file.deepCopy();
                copy.remove("skipEnvsubst");
                files.add(copy);
            }
        }
        machine.set("features", features(contract));
        if (!node.kernelModules().isEmpty()) {
            ArrayNode modules = machine.putObject("kernel").putArray("modules");
            node.kernelModules().forEach(m -> modules.add(m.deepCopy()));
        }
        MachineDisks.apply(machine, node.machineDisks());
        // templated values are rendered later, against this config (NodeTemplates)
        Map<String, String> labels = NodeTemplates.withoutTemplates(node.nodeLabels());
        if (node.nodeLabels().isEmpty() && node.controlPlane() && contract.excludeFromExternalLoadBalancer()) {
            labels = Map.of(EXCLUDE_FROM_LB, "");
        }
        if (!labels.isEmpty()) {
            machine.set("nodeLabels", stringMap(labels));
        }
        Map<String, String> annotations = NodeTemplates.withoutTemplates(node.nodeAnnotations());
        if (!annotations.isEmpty()) {
            machine.set("nodeAnnotations", stringMap(annotations));
        }
        if (!node.nodeTaints().isEmpty()) {
            machine.set("nodeTaints", stringMap(node.nodeTaints()));
        }
        return machine;
    }

    private static ObjectNode legacyNetwork(NodeConfig node, TalosContract contract) {
        ObjectNode network = NODES.objectNode();
        if (contract.multidocNetwork()) {
            return network;
        }
        if (!node.ignoreHostname()) {
            network.put("hostname", node.hostname());
        }
        if (!node.networkInterfaces().isEmpty()) {
            ArrayNode interfaces = network.putArray("interfaces");
            node.networkInterfaces().forEach(i -> interfaces.add(V1Alpha1Interfaces.encode(i)));
        }
        if (!node.nameservers().isEmpty()) {
            network.set("nameservers", strings(node.nameservers()));
        }
        if (node.disableSearchDomain()) {
            network.put("disableSearchDomain", true);
        }
        return network;
    }

    private static ObjectNode install(NodeConfig node, TalosContract contract, String installerImage) {
        ObjectNode install = NODES.objectNode();
        if (node.installDisk() != null && !node.installDisk().isBlank()) {
            install.put("disk", node.installDisk());
        }
        if (node.installDiskSelector() != null) {
            install.set("diskSelector", node.installDiskSelector().deepCopy());
        }
        boolean uki = node.machineSpec() != null && node.machineSpec().useUKI();
        if (!contract.multidocNetwork() && !uki && node.schematic() != null
                && !node.schematic().customization().extraKernelArgs().isEmpty()) {
            install.set("extraKernelArgs", strings(node.schematic().customization().extraKernelArgs()));
        }
        install.put("image", installerImage);
        install.put("wipe", false);
        if (contract.grubUseUkiCmdline()) {
            install.put("grubUseUKICmdline", true);
        }
        return install;
    }

    private static ObjectNode features(TalosContract contract) {
        ObjectNode features = NODES.objectNode();
        if (!contract.hidesLegacyFlags()) {
            features.put("rbac", true);
            features.put("stableHostname", true);
            features.put("apidCheckExtKeyUsage", true);
        }
        features.put("diskQuotaSupport", true);
        ObjectNode kubePrism = features.putObject("kubePrism");
        kubePrism.put("enabled", true);
        kubePrism.put("port", 7445);
        ObjectNode hostDns = features.putObject("hostDNS");
        hostDns.put("enabled", true);
        hostDns.put("forwardKubeDNSToHost", true);
        return features;
    }

    private static ObjectNode cluster(Talconfig config, boolean controlPlane, TalosContract contract,
                                      List<String> tailnetSans) {
        ObjectNode cluster = NODES.objectNode();
        cluster.put("id", CLUSTER_ID);
        cluster.put("secret", CLUSTER_SECRET);
        cluster.putObject("controlPlane").put("endpoint", config.endpoint());
        cluster.put("clusterName", config.clusterName());
        ObjectNode network = cluster.putObject("network");
        if (config.cniConfig() != null && !config.cniConfig().isNull()) {
            network.set("cni", config.cniConfig().deepCopy());
        }
        network.put("dnsDomain", config.dnsDomain());
        network.set("podSubnets", strings(config.podSubnets()));
        network.set("serviceSubnets", strings(config.serviceSubnets()));
        cluster.put("token", BOOTSTRAP_TOKEN);
        if (controlPlane) {
            cluster.put("secretboxEncryptionSecret", SECRETBOX_ENCRYPTION_SECRET);
            cluster.set("ca", pair(K8S_CRT, K8S_KEY));
            cluster.set("aggregatorCA", pair(K8S_AGGREGATOR_CRT, K8S_AGGREGATOR_KEY));
            cluster.putObject("serviceAccount").put("key", K8S_SERVICE_ACCOUNT_KEY);
            cluster.set("apiServer", apiServer(config, contract, tailnetSans));
            cluster.putObject("controllerManager").put("image", k8sImage("kube-controller-manager", config));
            cluster.putObject("proxy").put("image", k8sImage("kube-proxy", config));
            cluster.putObject("scheduler").put("image", k8sImage("kube-scheduler", config));
        } else {
            cluster.set("ca", pair(K8S_CRT, ""));
        }
        ObjectNode discovery = cluster.putObject("discovery");
        discovery.put("enabled", true);
        ObjectNode registries = discovery.putObject("registries");
        registries.putObject("kubernetes").put("disabled", true);
        registries.putObject("service");
        if (controlPlane) {
            cluster.putObject("etcd").set("ca", pair(ETCD_CRT, ETCD_KEY));
            if (config.allowSchedulingOnControlPlanes()) {
                cluster.put("allowSchedulingOnControlPlanes", true);
            }
        }
        return cluster;
    }

    private static ObjectNode apiServer(Talconfig config, TalosContract contract, List<String> tailnetSans) {
        ObjectNode apiServer = NODES.objectNode();
        apiServer.put("image", k8sImage("kube-apiserver", config));
        List<String> sans = new ArrayList<>();
        if (contract.clusterSansFromEndpoint()) {
            sans.add(URI.create(config.endpoint()).getHost());
        }
        sans.addAll(config.additionalApiServerCertSans());
        addMissing(sans, tailnetSans);
        if (!sans.isEmpty()) {
            apiServer.set("certSANs", strings(sans));
        }
        if (!contract.hidesLegacyFlags()) {
            apiServer.put("disablePodSecurityPolicy", true);
        }
        ObjectNode podSecurity = apiServer.putArray("admissionControl").addObject();
        podSecurity.put("name", "PodSecurity");
        ObjectNode configuration = podSecurity.putObject("configuration");
        configuration.put("apiVersion", "pod-security.admission.config.k8s.io/v1alpha1");
        ObjectNode defaults = configuration.putObject("defaults");
        defaults.put("audit", "restricted");
        defaults.put("audit-version", "latest");
        defaults.put("enforce", "baseline");
        defaults.put("enforce-version", "latest");
        defaults.put("warn", "restricted");
        defaults.put("warn-version", "latest");
        ObjectNode exemptions = configuration.putObject("exemptions");
        exemptions.putArray("namespaces").add("kube-system");
        exemptions.putArray("runtimeClasses");
        exemptions.putArray("usernames");
        configuration.put("kind", "PodSecurityConfiguration");
        ObjectNode auditPolicy = apiServer.putObject("auditPolicy");
        auditPolicy.put("apiVersion", "audit.k8s.io/v1");
        auditPolicy.put("kind", "Policy");
        auditPolicy.putArray("rules").addObject().put("level", "Metadata");
        return apiServer;
    }

    /** Adds the values not yet in {@code list}, keeping order (tailnet names repeat what an operator wrote). */
    private static void addMissing(List<String> list, Collection<String> values) {
        for (String value : values) {
            if (!list.contains(value)) {
                list.add(value);
            }
        }
    }

    private static String k8sImage(String component, Talconfig config) {
        return "registry.k8s.io/" + component + ":" + config.kubernetesVersionTag();
    }

    private static ObjectNode pair(String crt, String key) {
        ObjectNode pair = NODES.objectNode();
        pair.put("crt", crt);
        pair.put("key", key);
        return pair;
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ObjectNode stringMap(Map<String, String> values) {
        ObjectNode object = NODES.objectNode();
        values.forEach(object::put);
        return object;
    }

    static JsonNode text(String value) {
        return NODES.textNode(value);
    }
}
