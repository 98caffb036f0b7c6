package dev.tailtalos.config.domain;

import static dev.tailtalos.config.domain.SecretsBundleRef.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The v1alpha1 document Talos v1.10 {@code gen config} would produce for a node, with talhelper's
 * node overrides applied and every secret written as a custody reference. Keys follow the Talos
 * struct order.
 */
final class BaseMachineConfig {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String EXCLUDE_FROM_LB = "node.kubernetes.io/exclude-from-external-load-balancers";

    private BaseMachineConfig() {
    }

    static ObjectNode build(Talconfig config, NodeConfig node, String installerImage, List<String> tailnetSans) {
        ObjectNode root = NODES.objectNode();
        root.put("version", "v1alpha1");
        root.put("debug", false);
        root.set("machine", machine(config, node, installerImage, tailnetSans));
        root.set("cluster", cluster(config, node.controlPlane()));
        return root;
    }

    private static ObjectNode machine(Talconfig config, NodeConfig node, String installerImage, List<String> tailnetSans) {
        ObjectNode machine = NODES.objectNode();
        machine.put("type", node.controlPlane() ? "controlplane" : "worker");
        machine.put("token", TRUSTD_TOKEN);
        machine.set("ca", node.controlPlane() ? certAndKey(OS_CRT, OS_KEY) : cert(OS_CRT));
        LinkedHashSet<String> sans = new LinkedHashSet<>(config.additionalMachineCertSans());
        sans.addAll(node.certSANs());
        sans.addAll(tailnetSans);
        machine.set("certSANs", strings(sans));
        ObjectNode kubelet = machine.putObject("kubelet");
        kubelet.put("image", "ghcr.io/siderolabs/kubelet:" + config.kubernetesVersionTag());
        kubelet.put("defaultRuntimeSeccompProfileEnabled", true);
        kubelet.put("disableManifestsDirectory", true);
        ObjectNode network = machine.putObject("network");
        network.put("hostname", node.hostname());
        if (!node.nameservers().isEmpty()) {
            network.set("nameservers", strings(node.nameservers()));
        }
        ObjectNode install = machine.putObject("install");
        install.put("disk", node.installDisk());
        install.put("image", installerImage);
        install.put("wipe", false);
        machine.set("features", features());
        Map<String, String> labels = node.nodeLabels();
        if (labels.isEmpty() && node.controlPlane()) {
            labels = Map.of(EXCLUDE_FROM_LB, "");
        }
        if (!labels.isEmpty()) {
            machine.set("nodeLabels", stringMap(labels));
        }
        if (!node.nodeTaints().isEmpty()) {
            machine.set("nodeTaints", stringMap(node.nodeTaints()));
        }
        return machine;
    }

    private static ObjectNode features() {
        ObjectNode features = NODES.objectNode();
        features.put("rbac", true);
        features.put("stableHostname", true);
        features.put("apidCheckExtKeyUsage", true);
        features.put("diskQuotaSupport", true);
        ObjectNode kubePrism = features.putObject("kubePrism");
        kubePrism.put("enabled", true);
        kubePrism.put("port", 7445);
        ObjectNode hostDns = features.putObject("hostDNS");
        hostDns.put("enabled", true);
        hostDns.put("forwardKubeDNSToHost", true);
        return features;
    }

    private static ObjectNode cluster(Talconfig config, boolean controlPlane) {
        ObjectNode cluster = NODES.objectNode();
        cluster.put("id", CLUSTER_ID);
        cluster.put("secret", CLUSTER_SECRET);
        cluster.putObject("controlPlane").put("endpoint", config.endpoint());
        cluster.put("clusterName", config.clusterName());
        ObjectNode network = cluster.putObject("network");
        network.put("dnsDomain", config.dnsDomain());
        network.set("podSubnets", strings(config.podSubnets()));
        network.set("serviceSubnets", strings(config.serviceSubnets()));
        cluster.put("token", BOOTSTRAP_TOKEN);
        if (controlPlane) {
            cluster.put("secretboxEncryptionSecret", SECRETBOX_ENCRYPTION_SECRET);
            cluster.set("ca", certAndKey(K8S_CRT, K8S_KEY));
            cluster.set("aggregatorCA", certAndKey(K8S_AGGREGATOR_CRT, K8S_AGGREGATOR_KEY));
            cluster.putObject("serviceAccount").put("key", K8S_SERVICE_ACCOUNT_KEY);
            cluster.set("apiServer", apiServer(config));
            cluster.putObject("controllerManager").put("image", k8sImage("kube-controller-manager", config));
            cluster.putObject("proxy").put("image", k8sImage("kube-proxy", config));
            cluster.putObject("scheduler").put("image", k8sImage("kube-scheduler", config));
        } else {
            cluster.set("ca", cert(K8S_CRT));
        }
        ObjectNode discovery = cluster.putObject("discovery");
        discovery.put("enabled", true);
        ObjectNode registries = discovery.putObject("registries");
        registries.putObject("kubernetes").put("disabled", true);
        registries.putObject("service");
        if (controlPlane) {
            cluster.putObject("etcd").set("ca", certAndKey(ETCD_CRT, ETCD_KEY));
        }
        if (config.allowSchedulingOnControlPlanes()) {
            cluster.put("allowSchedulingOnControlPlanes", true);
        }
        return cluster;
    }

    private static ObjectNode apiServer(Talconfig config) {
        ObjectNode apiServer = NODES.objectNode();
        apiServer.put("image", k8sImage("kube-apiserver", config));
        LinkedHashSet<String> sans = new LinkedHashSet<>();
        sans.add(URI.create(config.endpoint()).getHost());
        sans.addAll(config.additionalApiServerCertSans());
        apiServer.set("certSANs", strings(sans));
        apiServer.put("disablePodSecurityPolicy", true);
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
        return apiServer;
    }

    private static String k8sImage(String component, Talconfig config) {
        return "registry.k8s.io/" + component + ":" + config.kubernetesVersionTag();
    }

    private static ObjectNode certAndKey(String crt, String key) {
        ObjectNode pair = cert(crt);
        pair.put("key", key);
        return pair;
    }

    private static ObjectNode cert(String crt) {
        ObjectNode pair = NODES.objectNode();
        pair.put("crt", crt);
        return pair;
    }

    private static ArrayNode strings(Collection<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ObjectNode stringMap(Map<String, String> values) {
        ObjectNode object = NODES.objectNode();
        values.forEach(object::put);
        return object;
    }
}
