package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.gotemplate.GoTemplate;
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
    private final SopsDecryptor sops;
    private final TalosTypes types;

    public MachineConfigRenderer(Yaml yaml) {
        this(yaml, SopsDecryptor.NONE);
    }

    public MachineConfigRenderer(Yaml yaml, SopsDecryptor sops) {
        this(yaml, sops, TalosTypes.NONE);
    }

    /** @param types the value types Talos decodes the config into (talhelper writes {@code max-pods: "250"}) */
    public MachineConfigRenderer(Yaml yaml, SopsDecryptor sops, TalosTypes types) {
        this.yaml = yaml;
        this.sops = sops;
        this.types = types;
    }

    /** @param tailnetSans per hostname, the node's tailnet IPs and MagicDNS names to add to its cert SANs */
    public RenderedCluster render(LoadedTalconfig repo, Map<String, List<String>> tailnetSans) {
        List<RenderedNode> nodes = new ArrayList<>();
        Map<String, String> fileNames = new java.util.HashMap<>();
        // the cluster's inline manifests are the same on every node: read (and decrypt) their files once
        InlineManifests.Resolved inline = InlineManifests.resolve(repo, sops, yaml.limits());
        for (int i = 0; i < repo.config().nodes().size(); i++) {
            String hostname = repo.config().nodes().get(i).hostname();
            RenderedNode node = renderNode(repo, i, tailnetSans.getOrDefault(hostname, List.of()), inline);
            String other = fileNames.putIfAbsent(node.fileName(), hostname);
            if (other != null || node.fileName().equals("talosconfig")) {
                throw new ConfigValidationException(List.of(ConfigProblem.error(TalconfigLoader.TALCONFIG, 0,
                        "nodes[" + i + "].filenameTmpl", "node " + hostname + " would be written to "
                                + node.fileName() + (other != null ? ", like node " + other : ", the talosconfig")
                                + "; give filenameTmpl a value that differs per node (e.g. {{ .Hostname }})")));
            }
            nodes.add(node);
        }
        return new RenderedCluster(repo.config().clusterName(), nodes, repo.warnings());
    }

    public RenderedNode renderNode(LoadedTalconfig repo, int index, List<String> tailnetSans) {
        return renderNode(repo, index, tailnetSans, InlineManifests.resolve(repo, sops, yaml.limits()));
    }

    private RenderedNode renderNode(LoadedTalconfig repo, int index, List<String> tailnetSans,
                                    InlineManifests.Resolved inline) {
        Talconfig config = repo.config();
        NodeConfig node = config.mergedNode(index);
        String talosVersion = config.talosVersionTag();
        TalosContract contract = contract(talosVersion);
        // Talos's configpatcher of the node's Talos line: its types decide merge keys, zero values and unknown keys
        ConfigPatcher patcher = ConfigPatcher.forTalos(yaml, talosVersion);
        List<ObjectNode> network = NetworkDocuments.forNode(node.networkInterfaces(), interfacesField(config, index),
                contract, node.controlPlane());
        String installer = InstallerImage.forNode(node, talosVersion, config.factoryRegistry(),
                config.imageFactory() == null ? null : config.imageFactory().installerURLTmpl(), repo.env());
        String field = "nodes[" + index + "]";
        String fileName = NodeTemplates.fileName(config, node, field + ".filenameTmpl");
        NodeTemplates templates = new NodeTemplates(repo.env());
        List<ObjectNode> documents = BaseMachineConfig.build(config, node, contract, installer, tailnetSans);
        templates.renderNodeMetadata(documents.get(0), node, field + ".");
        InlineManifests.apply(documents, inline.manifests());
        documents = applyExtraDocuments(patcher, documents, node, contract, network);
        String baseConfig = yaml.write(documents);
        List<OrderedPatch> patches = new ArrayList<>();
        // template data holding an encrypted inline manifest only secrets-service can read: it renders every template
        Deferral deferral = new Deferral(!inline.encrypted().isEmpty());
        documents = applyPatches(patcher, repo, documents, repo.nodePatches(index), 0, patches, templates, deferral);
        documents = applyPatches(patcher, repo, documents, repo.globalPatches(), 1, patches, templates, deferral);
        types.apply(contract, documents);
        ExtraManifests extraManifests = new ExtraManifests(yaml, sops, templates);
        List<DeferredExtraManifest> extra = extraManifests.read(repo, config, index);
        boolean deferred = deferral.any
                || (!sops.available() && extra.stream().anyMatch(DeferredExtraManifest::sopsEncrypted));
        if (!deferred) {
            documents = extraManifests.append(extra, documents);
        }
        return new RenderedNode(
                node.hostname(), node.controlPlane(), node.addresses(), yaml.write(documents),
                SecretReferences.scan(documents), installer,
                node.schematic() == null ? null : SchematicId.of(node.schematic()), talosVersion, documents,
                deferred ? baseConfig : null, deferred ? patches : List.of(), deferred ? extra : List.of(),
                inline.encrypted(), fileName);
    }

    /**
     * What this render leaves for secrets-service. {@code dataUnreadable}: the template data of the patches still to
     * come holds something only secrets-service can read (an encrypted inline manifest, or an encrypted patch of an
     * earlier batch), so their templates are rendered there, against the same data standalone render uses.
     */
    private static final class Deferral {
        private boolean dataUnreadable;
        private boolean any;

        Deferral(boolean encryptedInlineManifest) {
            this.dataUnreadable = encryptedInlineManifest;
            this.any = encryptedInlineManifest;
        }
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
    private List<ObjectNode> applyExtraDocuments(ConfigPatcher patcher, List<ObjectNode> documents, NodeConfig node,
                                                 TalosContract contract,
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
        return patcher.apply(documents, ConfigPatch.StrategicMerge.of("talconfig.yaml (generated documents)", extra));
    }

    private static ObjectNode document(String kind, String name) {
        return ExtraDocuments.document(kind, name);
    }

    /**
     * Applies {@code refs} (one of talhelper's two patch calls, {@code batch}) in order and records each in
     * {@code applied} (the node's patch list). A SOPS-encrypted file is decrypted when this renderer holds keys; without
     * keys it is recorded as it is and skipped here, and so is a templated patch whose data it cannot read
     * ({@link Deferral}): secrets-service renders and applies them at their place while sealing.
     */
    private List<ObjectNode> applyPatches(ConfigPatcher patcher, LoadedTalconfig repo, List<ObjectNode> documents,
                                          List<PatchReference> refs,
                                          int batch, List<OrderedPatch> applied, NodeTemplates templates,
                                          Deferral deferral) {
        List<ObjectNode> result = documents;
        // talhelper renders every patch of one call against the config as it is before the first of them
        var data = refs.isEmpty() || deferral.dataUnreadable ? null : NodeTemplates.data(documents);
        boolean encryptedInBatch = false;
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
                        applied.add(OrderedPatch.deferred(applied.size(), file, ref.field(), batch, text, true, false));
                        encryptedInBatch = true;
                        deferral.any = true;
                        continue;
                    }
                    if (deferral.dataUnreadable && GoTemplate.isTemplate(text)) {
                        templates.check(file, ref.field(), text);
                        applied.add(OrderedPatch.deferred(applied.size(), file, ref.field(), batch, text, false, false));
                        continue;
                    }
                    text = templates.render(file, ref.field(), SopsFiles.plaintext(file, text, sops), data);
                    requireContent(file, ref, text);
                    text = new EnvSubstitution(repo.env()).substitute(text);
                    patch = patcher.load(file, text);
                    applied.add(OrderedPatch.applied(applied.size(), file, ref.field(), batch, text, false));
                } else {
                    String source = "inline #" + (++inline) + " (" + ref.field() + ")";
                    if (deferral.dataUnreadable && GoTemplate.isTemplate(ref.spec())) {
                        templates.check(TalconfigLoader.TALCONFIG, ref.field(), ref.spec());
                        applied.add(OrderedPatch.deferred(applied.size(), source, ref.field(), batch, ref.spec(), false,
                                true));
                        continue;
                    }
                    String text = templates.render(TalconfigLoader.TALCONFIG, ref.field(), ref.spec(), data);
                    requireContent(file, ref, text);
                    patch = patcher.load(source, text);
                    applied.add(OrderedPatch.applied(applied.size(), source, ref.field(), batch, text, true));
                }
                result = patcher.apply(result, patch);
            } catch (YamlException e) {
                throw yamlFailure(file, ref, e);
            } catch (PatchException e) {
                if (e.getCause() instanceof YamlException yamlError) {
                    throw yamlFailure(file, ref, yamlError);
                }
                throw failure(file, ref, e.getMessage(), e);
            } catch (IllegalArgumentException | IOException e) {
                throw failure(file, ref, file + ": " + e.getMessage(), e);
            }
        }
        if (encryptedInBatch) {
            deferral.dataUnreadable = true;
        }
        return result;
    }

    /** talhelper fails on a patch that is empty once templated (e.g. a whole-file {{ if }} that is false). */
    private static void requireContent(String file, PatchReference ref, String rendered) {
        if (rendered.isBlank()) {
            throw new ConfigValidationException(List.of(ConfigProblem.error(file, 0, ref.field(),
                    "the patch is empty after Go templating, which talhelper refuses too; to patch only some"
                            + " nodes, list the patch under controlPlane:, worker: or the nodes instead")));
        }
    }

    /** A patch that is not valid YAML: the patch file's own line, the file named once. */
    private static ConfigValidationException yamlFailure(String file, PatchReference ref, YamlException e) {
        ConfigValidationException failure = new ConfigValidationException(List.of(ConfigProblem.error(file, e.line(),
                e.path().isEmpty() ? ref.field() : ref.field() + " " + e.path(), e.reason())));
        failure.initCause(e);
        return failure;
    }

    private static ConfigValidationException failure(String file, PatchReference ref, String message, Exception cause) {
        ConfigValidationException failure = new ConfigValidationException(
                List.of(ConfigProblem.error(file, 0, ref.field(), message)));
        failure.initCause(cause);
        return failure;
    }
}
