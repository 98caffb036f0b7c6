package dev.tailtalos.config.domain;

import dev.tailtalos.common.yaml.YamlDocument;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** talhelper's checks on a bound talconfig (required fields, names, addresses, patch paths). */
final class TalconfigValidator {

    private final String file;
    private final YamlDocument document;
    private final Path repoDir;
    private final List<ConfigProblem> problems = new ArrayList<>();

    TalconfigValidator(String file, YamlDocument document, Path repoDir) {
        this.file = file;
        this.document = document;
        this.repoDir = repoDir;
    }

    List<ConfigProblem> validate(Talconfig config) {
        required(config.clusterName(), "clusterName");
        required(config.kubernetesVersion(), "kubernetesVersion");
        if (required(config.endpoint(), "endpoint")) {
            checkEndpoint(config.endpoint());
        }
        if (config.domain() != null && !Addresses.isDnsName(config.domain())) {
            error("domain", "invalid DNS domain \"" + config.domain() + "\"");
        }
        cidrs(config.clusterPodNets(), "clusterPodNets");
        cidrs(config.clusterSvcNets(), "clusterSvcNets");
        CniConfig.validate(config.cniConfig(), this::error);
        InlineManifests.validate(config.inlineManifests(), repoDir, this::error);
        patches(config.patches(), "patches");
        if (config.controlPlane() != null) {
            group(config.controlPlane(), "controlPlane");
        }
        if (config.worker() != null) {
            group(config.worker(), "worker");
        }
        if (config.nodes().isEmpty()) {
            error("nodes", "at least one node is required");
        }
        nodes(config.nodes());
        try {
            TalosContract.of(config.talosVersionTag());
        } catch (IllegalArgumentException e) {
            error("talosVersion", e.getMessage());
        }
        schematics(config);
        return problems;
    }

    /** talhelper validates schematics against the official list only for the public Image Factory. */
    private void schematics(Talconfig config) {
        if (!InstallerImage.DEFAULT_REGISTRY.equals(config.factoryRegistry())) {
            return;
        }
        java.util.Set<String> checked = new java.util.HashSet<>();
        for (int i = 0; i < config.nodes().size(); i++) {
            NodeConfig own = config.nodes().get(i);
            NodeConfig merged = config.mergedNode(i);
            String field = own.schematic() != null ? "nodes[" + i + "].schematic"
                    : (own.controlPlane() ? "controlPlane" : "worker") + ".schematic";
            if (!merged.noSchematicValidate() && checked.add(field)) {
                OfficialExtensions.check(merged.schematic(), config.talosVersionTag(), field, this::error);
            }
        }
    }

    private void nodes(List<NodeConfig> nodes) {
        Map<String, String> hostnames = new HashMap<>();
        Map<String, String> addresses = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeConfig node = nodes.get(i);
            String at = "nodes[" + i + "]";
            if (required(node.hostname(), at + ".hostname")) {
                if (!Addresses.isDnsName(node.hostname())) {
                    error(at + ".hostname", "invalid hostname \"" + node.hostname() + "\" (RFC 1123)");
                }
                String earlier = hostnames.putIfAbsent(node.hostname(), at);
                if (earlier != null) {
                    error(at + ".hostname", "duplicate hostname \"" + node.hostname() + "\" (also " + earlier + ")");
                }
            }
            if (required(node.ipAddress(), at + ".ipAddress")) {
                for (String address : node.addresses()) {
                    if (!Addresses.isIpOrDnsName(address)) {
                        error(at + ".ipAddress", "invalid IP address or DNS name \"" + address + "\"");
                    }
                    String earlier = addresses.putIfAbsent(address, at);
                    if (earlier != null) {
                        error(at + ".ipAddress", "duplicate address \"" + address + "\" (also " + earlier + ")");
                    }
                }
            }
            if (blank(node.installDisk()) && !document.root().path("nodes").path(i).has("installDiskSelector")) {
                error(at + ".installDisk", "installDisk or installDiskSelector is required");
            }
            group(node, at);
        }
    }

    private void group(NodeConfig config, String at) {
        for (int i = 0; i < config.nameservers().size(); i++) {
            if (!Addresses.isIp(config.nameservers().get(i))) {
                error(at + ".nameservers[" + i + "]", "nameserver must be an IP address");
            }
        }
        if (config.talosImageURL() != null && config.talosImageURL().matches(".*(:[^/]*|@.*)$")) {
            error(at + ".talosImageURL", "talosImageURL must not carry a tag or digest");
        }
        for (int i = 0; i < config.extensionServices().size(); i++) {
            ExtensionService service = config.extensionServices().get(i);
            String field = at + ".extensionServices[" + i + "]";
            if (blank(service.name())) {
                error(field + ".name", "extension service name is required");
            }
            if (service.environment().isEmpty() && service.configFiles().isEmpty()) {
                error(field, "extension service needs environment or configFiles");
            }
        }
        patches(config.patches(), at + ".patches");
        IngressFirewall.validate(config.ingressFirewall(), at + ".ingressFirewall", this::error);
        VolumeDocuments.validateVolumes(config.volumes(), at + ".volumes", this::error);
        VolumeDocuments.validateUserVolumes(config.userVolumes(), at + ".userVolumes", this::error);
        if (!config.machineDisks().isEmpty()) {
            problems.add(ConfigProblem.warning(file, lineOf(at + ".machineDisks"), at + ".machineDisks",
                    MachineDisks.DEPRECATED));
            MachineDisks.validate(config.machineDisks(), at + ".machineDisks", this::error);
        }
    }

    private void patches(List<String> specs, String at) {
        for (PatchReference ref : LoadedTalconfig.references(specs, at)) {
            if (ref.isFile()) {
                try {
                    ref.resolveIn(repoDir);
                } catch (IllegalArgumentException e) {
                    error(ref.field(), e.getMessage());
                }
            }
        }
    }

    private void checkEndpoint(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath() != null && !uri.getPath().isEmpty()) {
                error("endpoint", "endpoint must look like https://<host>:<port>, got \"" + endpoint + "\"");
            }
        } catch (URISyntaxException e) {
            error("endpoint", "invalid endpoint URI \"" + endpoint + "\": " + e.getReason());
        }
    }

    private void cidrs(List<String> values, String at) {
        for (int i = 0; i < values.size(); i++) {
            if (!Addresses.isCidr(values.get(i))) {
                error(at + "[" + i + "]", "invalid CIDR \"" + values.get(i) + "\"");
            }
        }
    }

    private boolean required(String value, String field) {
        if (blank(value)) {
            error(field, field.substring(field.lastIndexOf('.') + 1) + " is required");
            return false;
        }
        return true;
    }

    private void error(String field, String message) {
        problems.add(ConfigProblem.error(file, lineOf(field), field, message));
    }

    private int lineOf(String field) {
        for (String path = field; !path.isEmpty(); path = parent(path)) {
            int line = document.lineOf(path);
            if (line > 0) {
                return line;
            }
        }
        return 0;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
