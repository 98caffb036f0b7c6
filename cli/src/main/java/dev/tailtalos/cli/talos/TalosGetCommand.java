package dev.tailtalos.cli.talos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.proto.cosi.Resource;
import dev.tailtalos.proto.cosi.meta.ResourceDefinitionSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Gets resources by type (and id), resolving aliases through the node's resource definitions.")
public class TalosGetCommand implements Callable<Integer> {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Mixin
    TalosOptions options;

    @Parameters(index = "0", description = "Resource type or alias, e.g. extensionstatus, mc, addresses.")
    String type;

    @Parameters(index = "1", arity = "0..1", description = "Resource id.")
    String id;

    @Option(names = "--namespace", description = "Namespace (default: the type's default namespace).")
    String namespace;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or yaml (default ${DEFAULT-VALUE}).")
    String output;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        TalosConfig.Context context = options.talosContext();
        List<String> nodes = options.targetNodes(context);
        ResourceDefinitionSpec definition;
        try (TalosClient client = options.cosiClient(context, nodes.get(0))) {
            definition = resolve(client.resourceDefinitions(), type);
        }
        String ns = namespace != null ? namespace : definition.getDefaultNamespace();
        Table table = new Table(header(definition));
        int code = PerNode.run(options, err, node -> {
            try (TalosClient client = options.cosiClient(context, node)) {
                List<Resource> resources = id == null ? client.resourceList(ns, definition.getResourceType())
                        : List.of(client.resourceGet(ns, definition.getResourceType(), id));
                for (Resource resource : resources) {
                    if (output.equals("yaml")) {
                        printYaml(node, resource);
                    } else {
                        table.row(row(node, definition, resource));
                    }
                }
            }
        });
        if (!output.equals("yaml")) {
            table.print(out);
        }
        return code;
    }

    static ResourceDefinitionSpec resolve(List<Resource> definitions, String wanted) throws Exception {
        String lower = wanted.toLowerCase(Locale.ROOT);
        List<ResourceDefinitionSpec> matches = new ArrayList<>();
        for (Resource resource : definitions) {
            ResourceDefinitionSpec spec = ResourceDefinitionSpec.parseFrom(resource.getSpec().getProtoSpec());
            if (resource.getMetadata().getId().equals(lower) || spec.getAllAliasesList().contains(lower)) {
                matches.add(spec);
            }
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("resource \"" + wanted + "\" is not registered");
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("resource type \"" + wanted + "\" is ambiguous");
        }
        return matches.get(0);
    }

    private static String[] header(ResourceDefinitionSpec definition) {
        List<String> columns = new ArrayList<>(List.of("NODE", "NAMESPACE", "TYPE", "ID", "VERSION"));
        definition.getPrintColumnsList().forEach(c -> columns.add(c.getName().toUpperCase(Locale.ROOT)));
        return columns.toArray(String[]::new);
    }

    private static String[] row(String node, ResourceDefinitionSpec definition, Resource resource) throws Exception {
        List<String> cells = new ArrayList<>(List.of(node, resource.getMetadata().getNamespace(),
                definition.getDisplayType(), resource.getMetadata().getId(), resource.getMetadata().getVersion()));
        JsonNode spec = YAML.readTree(resource.getSpec().getYamlSpec());
        for (ResourceDefinitionSpec.PrintColumn column : definition.getPrintColumnsList()) {
            cells.add(jsonPath(spec, column.getJsonPath()));
        }
        return cells.toArray(String[]::new);
    }

    /** The simple {.a.b} JSONPath subset talosctl's print columns use. */
    static String jsonPath(JsonNode root, String path) {
        String inner = path.replaceAll("^\\{\\.?|}$", "");
        JsonNode node = root;
        for (String part : inner.split("\\.")) {
            if (!part.isEmpty()) {
                node = node == null ? null : node.get(part);
            }
        }
        return node == null || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
    }

    private void printYaml(String node, Resource resource) {
        out.println("node: " + node);
        out.println("metadata:");
        out.println("    namespace: " + resource.getMetadata().getNamespace());
        out.println("    type: " + resource.getMetadata().getType());
        out.println("    id: " + resource.getMetadata().getId());
        out.println("    version: " + resource.getMetadata().getVersion());
        out.println("    owner: " + resource.getMetadata().getOwner());
        out.println("    phase: " + resource.getMetadata().getPhase());
        out.println("spec:");
        resource.getSpec().getYamlSpec().lines().forEach(line -> out.println("    " + line));
        out.println("---");
    }
}
