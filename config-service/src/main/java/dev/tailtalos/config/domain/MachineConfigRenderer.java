package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.ConfigPatch;
import dev.tailtalos.common.yaml.ConfigPatcher;
import dev.tailtalos.common.yaml.PatchException;
import dev.tailtalos.common.yaml.Yaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders every node of a loaded cluster repo in talhelper's order: base v1alpha1 document,
 * extensionServices as ExtensionServiceConfig documents, group then node patches, then global
 * patches. Secrets stay {@code custody://} references. Rendering is deterministic.
 */
public final class MachineConfigRenderer {

    private final Yaml yaml;
    private final ConfigPatcher patcher;

    public MachineConfigRenderer(Yaml yaml) {
        this.yaml = yaml;
        this.patcher = new ConfigPatcher(yaml);
    }

    /** @param tailnetSans per hostname, the node's tailnet IPs and MagicDNS names to add to machine.certSANs */
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
        String installer = InstallerImage.forNode(node, talosVersion);
        List<ObjectNode> documents = List.of(BaseMachineConfig.build(config, node, installer, tailnetSans));
        documents = applyExtensionServices(documents, node.extensionServices());
        documents = applyPatches(repo, documents, repo.nodePatches(index));
        documents = applyPatches(repo, documents, repo.globalPatches());
        return new RenderedNode(
                node.hostname(), node.controlPlane(), node.addresses(), yaml.write(documents),
                SecretReferences.scan(documents), installer,
                node.schematic() == null ? null : SchematicId.of(node.schematic()), talosVersion);
    }

    private List<ObjectNode> applyExtensionServices(List<ObjectNode> documents, List<ExtensionService> services) {
        if (services.isEmpty()) {
            return documents;
        }
        List<ObjectNode> serviceDocuments = new ArrayList<>();
        for (ExtensionService service : services) {
            ObjectNode document = JsonNodeFactory.instance.objectNode();
            document.put("apiVersion", "v1alpha1");
            document.put("kind", "ExtensionServiceConfig");
            document.put("name", service.name());
            if (!service.configFiles().isEmpty()) {
                var files = document.putArray("configFiles");
                service.configFiles().forEach(f -> files.addObject().put("content", f.content()).put("mountPath", f.mountPath()));
            }
            if (!service.environment().isEmpty()) {
                var environment = document.putArray("environment");
                service.environment().forEach(environment::add);
            }
            serviceDocuments.add(document);
        }
        return patcher.apply(documents, new ConfigPatch.StrategicMerge("extensionServices", serviceDocuments));
    }

    private List<ObjectNode> applyPatches(LoadedTalconfig repo, List<ObjectNode> documents, List<PatchReference> refs) {
        List<ObjectNode> result = documents;
        int inline = 0;
        for (PatchReference ref : refs) {
            String file = TalconfigLoader.TALCONFIG;
            try {
                ConfigPatch patch;
                if (ref.isFile()) {
                    Path path = ref.resolveIn(repo.repoDir());
                    file = repo.repoDir().toAbsolutePath().normalize().relativize(path).toString();
                    String text = Files.readString(path, StandardCharsets.UTF_8);
                    if (text.isBlank()) {
                        continue;
                    }
                    patch = patcher.load(file, new EnvSubstitution(repo.env()).substitute(text));
                } else {
                    patch = patcher.load("inline #" + (++inline), ref.spec());
                }
                result = patcher.apply(result, patch);
            } catch (PatchException e) {
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
