package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.ConfigPatch;
import dev.tailtalos.common.yaml.ConfigPatcher;
import dev.tailtalos.common.yaml.PatchException;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.common.yaml.YamlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders every node of a loaded cluster repo in talhelper's order (talhelper §0 step 11, §1.5): the base documents of
 * the version contract with the node overrides and inline manifests, the extra documents (ResolverConfig,
 * HostnameConfig, firewall, ExtensionServiceConfig, VolumeConfig, UserVolumeConfig, ≥1.12 network documents) as one
 * strategic merge patch, group then node patches, then global patches. Secrets stay {@code custody://} references.
 * Rendering is deterministic; a node that fails fails the whole cluster.
 */
public final class MachineConfigRenderer {

    private final Yaml yaml;
    private final ConfigPatcher patcher;
    private final SopsDecryptor sops;

    public MachineConfigRenderer(Yaml yaml) {
        this(yaml, SopsDecryptor.NONE);
    }

    public MachineConfigRenderer(Yaml yaml, SopsDecryptor sops) {
        this.yaml = yaml;
        this.patcher = new ConfigPatcher(yaml);
        this.sops = sops;
    }

    /** @param tailnetSans per hostname, the node's tailnet IPs and MagicDNS names to add to its cert SANs */
    public RenderedCluster render(LoadedTalconfig repo, Map<String, List<String>> tailnetSans) {
        List<RenderedNode> nodes = new ArrayList<>();
        for (int i = 0; i < repo.config().nodes().size(); i++) {
            String hostname = repo.config().nodes().get(i).hostname();
            nodes.add(renderNode(repo, i, tailnetSans.getOrDefault(hostname, List.of())));
        }
        return new RenderedCluster(repo.config().clusterName(), nodes, repo.warnings());
    }

    public RenderedNode renderNode(LoadedTalconfig repo, int index, List<String> tailnetSans) {
        Talconfig config = repo.config();
        NodeConfig node = config.mergedNode(index);
        String talosVersion = config.talosVersionTag();
        TalosContract contract = contract(talosVersion);
        List<ObjectNode> network = NetworkDocuments.forNode(node.networkInterfaces(), interfacesField(config, index),
                contract, node.controlPlane());
        String installer = InstallerImage.forNode(node, talosVersion, config.factoryRegistry(), InstallerImage.Form.PLATFORM);
        List<ObjectNode> documents = BaseMachineConfig.build(config, node, contract, installer, tailnetSans);
        InlineManifests.apply(documents, InlineManifests.resolve(repo, sops, yaml.limits()));
        documents = applyExtraDocuments(documents, node, contract, network);
        String baseConfig = yaml.write(documents);
        List<OrderedPatch> patches = new ArrayList<>();
        documents = applyPatches(repo, documents, repo.nodePatches(index), patches);
        documents = applyPatches(repo, documents, repo.globalPatches(), patches);
        boolean deferred = patches.stream().anyMatch(OrderedPatch::sopsEncrypted);
        return new RenderedNode(
                node.hostname(), node.controlPlane(), node.addresses(), yaml.write(documents),
                SecretReferences.scan(documents), installer,
                node.schematic() == null ? null : SchematicId.of(node.schematic()), talosVersion, documents,
                deferred ? baseConfig : null, deferred ? patches : List.of());
    }

    /** Where the node's networkInterfaces are written: on the node, or inherited from its group. */
    private static String interfacesField(Talconfig config, int index) {
        NodeConfig own = config.nodes().get(index);
        if (!own.networkInterfaces().isEmpty()) {
            return "nodes[" + index + "].networkInterfaces";
        }
        return (own.controlPlane() ? "controlPlane" : "worker") + ".networkInterfaces";
    }

    private static TalosContract contract(String talosVersion) {
        try {
            return TalosContract.of(talosVersion);
        } catch (IllegalArgumentException e) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(TalconfigLoader.TALCONFIG, 0, "talosVersion",
                    e.getMessage())));
        }
    }

    /** talhelper's multi-doc additions (§4.6), applied as one strategic merge patch; nothing when there are none. */
    private List<ObjectNode> applyExtraDocuments(List<ObjectNode> documents, NodeConfig node, TalosContract contract,
                                                 List<ObjectNode> networkDocuments) {
        List<ObjectNode> extra = new ArrayList<>();
        if (contract.multidocNetwork() && (!node.nameservers().isEmpty() || node.disableSearchDomain())) {
            ObjectNode resolver = document("ResolverConfig", null);
            if (!node.nameservers().isEmpty()) {
                ArrayNode nameservers = resolver.putArray("nameservers");
                node.nameservers().forEach(ns -> nameservers.addObject().put("address", ns));
            }
            resolver.putObject("searchDomains").put("disableDefault", node.disableSearchDomain());
            extra.add(resolver);
        }
        if (contract.multidocNetwork()) {
            ObjectNode hostname = document("HostnameConfig", null);
            if (node.ignoreHostname()) {
                hostname.put("auto", "stable");
            } else {
                hostname.put("auto", "off");
                hostname.put("hostname", node.hostname());
            }
            extra.add(hostname);
        }
        extra.addAll(IngressFirewall.documents(node.ingressFirewall()));
        for (ExtensionService service : node.extensionServices()) {
            ObjectNode document = document("ExtensionServiceConfig", service.name());
            if (!service.configFiles().isEmpty()) {
                ArrayNode files = document.putArray("configFiles");
                service.configFiles().forEach(f -> files.addObject().put("content", f.content()).put("mountPath", f.mountPath()));
            }
            if (!service.environment().isEmpty()) {
                ArrayNode environment = document.putArray("environment");
                service.environment().forEach(environment::add);
            }
            extra.add(document);
        }
        extra.addAll(VolumeDocuments.volumeDocuments(node.volumes()));
        extra.addAll(VolumeDocuments.userVolumeDocuments(node.userVolumes()));
        extra.addAll(networkDocuments);
        if (extra.isEmpty()) {
            return documents;
        }
        return patcher.apply(documents, new ConfigPatch.StrategicMerge("talconfig.yaml (generated documents)", extra));
    }

    private static ObjectNode document(String kind, String name) {
        return ExtraDocuments.document(kind, name);
    }

    /**
     * Applies {@code refs} in order and records each in {@code applied} (the node's patch list). A SOPS-encrypted file
     * is decrypted when this renderer holds keys; without keys it is recorded as it is and skipped here: secrets-service
     * decrypts and applies it at its place while sealing.
     */
    private List<ObjectNode> applyPatches(LoadedTalconfig repo, List<ObjectNode> documents, List<PatchReference> refs,
                                          List<OrderedPatch> applied) {
        List<ObjectNode> result = documents;
        int inline = 0;
        for (PatchReference ref : refs) {
            String file = TalconfigLoader.TALCONFIG;
            try {
                ConfigPatch patch;
                if (ref.isFile()) {
                    Path path = ref.resolveIn(repo.repoDir());
                    file = repo.repoDir().toAbsolutePath().normalize().relativize(path).toString();
                    long size = Files.size(path);
                    if (size > yaml.limits().maxBytes()) {
                        throw new IllegalArgumentException("file is " + size + " bytes, larger than the limit of "
                                + yaml.limits().maxBytes());
                    }
                    String text = Files.readString(path, StandardCharsets.UTF_8);
                    if (text.isBlank()) {
                        continue;
                    }
                    if (SopsFiles.isEncrypted(text) && !sops.available()) {
                        applied.add(OrderedPatch.of(applied.size(), file, text, true));
                        continue;
                    }
                    text = new EnvSubstitution(repo.env()).substitute(SopsFiles.plaintext(file, text, sops));
                    patch = patcher.load(file, text);
                    applied.add(OrderedPatch.of(applied.size(), file, text, false));
                } else {
                    String source = "inline #" + (++inline) + " (" + ref.field() + ")";
                    patch = patcher.load(source, ref.spec());
                    applied.add(OrderedPatch.of(applied.size(), source, ref.spec(), false));
                }
                result = patcher.apply(result, patch);
            } catch (PatchException | YamlException e) {
                throw failure(file, ref, e.getMessage(), e);
            } catch (IllegalArgumentException | IOException e) {
                throw failure(file, ref, file + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static ConfigValidationException failure(String file, PatchReference ref, String message, Exception cause) {
        ConfigValidationException failure = new ConfigValidationException(
                List.of(ConfigProblem.error(file, 0, ref.field(), message)));
        failure.initCause(cause);
        return failure;
    }
}
