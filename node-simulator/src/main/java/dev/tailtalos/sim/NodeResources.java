package dev.tailtalos.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.tailtalos.common.talos.TalosResources;
import dev.tailtalos.proto.cosi.Metadata;
import dev.tailtalos.proto.cosi.Resource;
import dev.tailtalos.proto.cosi.Spec;
import dev.tailtalos.proto.cosi.meta.ResourceDefinitionSpec;
import dev.tailtalos.proto.cosi.meta.ResourceDefinitionSpec.PrintColumn;
import dev.tailtalos.proto.talos.common.NetIP;
import dev.tailtalos.proto.talos.common.NetIPPrefix;
import dev.tailtalos.proto.talos.resource.config.MachineConfigSpec;
import dev.tailtalos.proto.talos.resource.definitions.enums.NethelpersFamily;
import dev.tailtalos.proto.talos.resource.definitions.enums.NethelpersScope;
import dev.tailtalos.proto.talos.resource.definitions.extensions.Compatibility;
import dev.tailtalos.proto.talos.resource.definitions.extensions.Constraint;
import dev.tailtalos.proto.talos.resource.definitions.extensions.Layer;
import dev.tailtalos.proto.talos.resource.definitions.network.AddressStatusSpec;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The COSI resources a simulated node serves, built from a snapshot of its state: resource definitions (ns meta),
 * ExtensionStatuses, MachineConfigs and AddressStatuses, each with metadata (phase running, numeric version),
 * proto_spec and yaml_spec.
 */
final class NodeResources {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    private static final Set<String> NAMESPACES = Set.of(TalosResources.META_NAMESPACE,
            TalosResources.RUNTIME_NAMESPACE, TalosResources.CONFIG_NAMESPACE, TalosResources.NETWORK_NAMESPACE,
            ResourceTypes.CLUSTER_NAMESPACE, ResourceTypes.SECRETS_NAMESPACE, ResourceTypes.K8S_NAMESPACE);

    /** A resource type: its definition and whether only os:admin may read it. */
    record Definition(String type, String displayType, String defaultNamespace, List<String> aliases,
            List<String> allAliases, List<PrintColumn> columns, boolean sensitive) {
    }

    static final List<Definition> DEFINITIONS = List.of(
            new Definition(TalosResources.RESOURCE_DEFINITIONS, "ResourceDefinition", TalosResources.META_NAMESPACE,
                    List.of("resourcedefinition", "rd", "rds"),
                    List.of("resourcedefinitions", "resourcedefinitions.meta", "resourcedefinitions.meta.cosi",
                            "resourcedefinition", "rd", "rds"), List.of(), false),
            new Definition(TalosResources.EXTENSION_STATUSES, "ExtensionStatus", TalosResources.RUNTIME_NAMESPACE,
                    List.of("extensions", "extensionstatus", "es"),
                    List.of("extensionstatuses", "extensionstatuses.runtime", "extensionstatuses.runtime.talos",
                            "extensions", "extensionstatus", "es"),
                    List.of(column("Name", "{.metadata.name}"), column("Version", "{.metadata.version}")), false),
            new Definition(TalosResources.MACHINE_CONFIGS, "MachineConfig", TalosResources.CONFIG_NAMESPACE,
                    List.of("machineconfig", "mc", "mcs"),
                    List.of("machineconfigs", "machineconfigs.config", "machineconfigs.config.talos",
                            "machineconfig", "mc", "mcs"), List.of(), true),
            new Definition(TalosResources.ADDRESS_STATUSES, "AddressStatus", TalosResources.NETWORK_NAMESPACE,
                    List.of("address", "addresses", "addressstatus", "as"),
                    List.of("addressstatuses", "addressstatuses.net", "addressstatuses.net.talos", "address",
                            "addresses", "addressstatus", "as"),
                    List.of(column("Address", "{.address}"), column("Link", "{.linkName}")), false),
            ResourceTypes.automatic(ResourceTypes.LINK_STATUSES, "LinkStatus", TalosResources.NETWORK_NAMESPACE,
                    List.of("link", "links"), List.of(column("Type", "{.type}"), column("Kind", "{.kind}"),
                            column("Hw Addr", "{.hardwareAddr}"), column("Oper State", "{.operationalState}"),
                            column("Link State", "{.linkState}")), false),
            ResourceTypes.automatic(ResourceTypes.MEMBERS, "Member", ResourceTypes.CLUSTER_NAMESPACE, List.of(),
                    List.of(column("Hostname", "{.hostname}"), column("Machine Type", "{.machineType}"),
                            column("OS", "{.operatingSystem}"), column("Addresses", "{.addresses}")), false),
            ResourceTypes.automatic(TalosResources.EXTENSION_SERVICE_CONFIGS, "ExtensionServiceConfig",
                    TalosResources.RUNTIME_NAMESPACE, List.of(), List.of(), false),
            ResourceTypes.automatic(ResourceTypes.CERT_SANS, "CertSAN", ResourceTypes.SECRETS_NAMESPACE, List.of(),
                    List.of(), true),
            ResourceTypes.automatic(ResourceTypes.NODENAMES, "Nodename", ResourceTypes.K8S_NAMESPACE, List.of(),
                    List.of(column("Nodename", "{.nodename}")), false),
            ResourceTypes.automatic(NodeBootResources.MACHINE_STATUSES, "MachineStatus",
                    TalosResources.RUNTIME_NAMESPACE, List.of(), List.of(column("Stage", "{.stage}"),
                            column("Ready", "{.status.ready}")), false),
            new Definition(NodeBootResources.MOUNT_STATUSES, "MountStatus", TalosResources.RUNTIME_NAMESPACE,
                    List.of("mounts"), List.of("mounts"), List.of(column("Source", "{.source}"),
                            column("Target", "{.target}"), column("Filesystem Type", "{.filesystemType}")), false),
            ResourceTypes.automatic(NodeBootResources.DIAGNOSTICS, "Diagnostic", TalosResources.RUNTIME_NAMESPACE,
                    List.of(), List.of(column("Message", "{.message}")), false),
            ResourceTypes.automatic(ResourceTypes.TIME_STATUSES, "TimeStatus", TalosResources.RUNTIME_NAMESPACE,
                    List.of(), List.of(column("Synced", "{.synced}")), false));

    private NodeResources() {
    }

    static List<Resource> list(NodeView node, Caller caller, String namespace, String type) {
        SimulatedNode.authorize(caller, SimulatedNode.READ);
        Definition definition = DEFINITIONS.stream().filter(d -> d.type().equals(type)).findFirst()
                .orElseThrow(() -> Status.PERMISSION_DENIED.withDescription("resource type \"" + type
                        + "\" is not supported").asRuntimeException());
        if (definition.sensitive()) {
            if (node.stage() == SimulatedNode.Stage.MAINTENANCE) {
                throw Status.PERMISSION_DENIED.withDescription("not authorized").asRuntimeException();
            }
            SimulatedNode.authorize(caller, SimulatedNode.ADMIN);
        }
        if (!NAMESPACES.contains(namespace)) {
            throw Status.PERMISSION_DENIED.withDescription("namespace \"" + namespace + "\" is not supported")
                    .asRuntimeException();
        }
        if (!namespace.equals(definition.defaultNamespace())) {
            return List.of();
        }
        Instant booted = node.bootTime() == null ? Instant.now() : node.bootTime();
        return switch (type) {
            case TalosResources.RESOURCE_DEFINITIONS -> definitions(booted);
            case TalosResources.EXTENSION_STATUSES -> extensionStatuses(node, booted);
            case TalosResources.MACHINE_CONFIGS -> machineConfigs(node, booted);
            case TalosResources.ADDRESS_STATUSES -> addressStatuses(node, booted);
            case ResourceTypes.LINK_STATUSES -> NodeRuntimeResources.links(node, booted);
            case TalosResources.EXTENSION_SERVICE_CONFIGS -> NodeRuntimeResources.extensionServiceConfigs(node, booted);
            case ResourceTypes.TIME_STATUSES -> NodeRuntimeResources.timeStatus(booted);
            case NodeBootResources.MACHINE_STATUSES -> NodeBootResources.machineStatus(node, booted);
            case NodeBootResources.MOUNT_STATUSES -> NodeBootResources.mountStatuses(node, booted);
            case ResourceTypes.MEMBERS -> NodeIdentityResources.members(node.cluster().get(), booted);
            case ResourceTypes.CERT_SANS -> NodeIdentityResources.certSans(node, booted);
            case ResourceTypes.NODENAMES -> NodeIdentityResources.nodename(node, booted);
            default -> List.of();
        };
    }

    private static List<Resource> definitions(Instant created) {
        List<Resource> resources = new ArrayList<>();
        for (Definition d : DEFINITIONS) {
            ResourceDefinitionSpec spec = ResourceDefinitionSpec.newBuilder().setResourceType(d.type())
                    .setDisplayType(d.displayType()).setDefaultNamespace(d.defaultNamespace())
                    .addAllAliases(d.aliases()).addAllAllAliases(d.allAliases()).addAllPrintColumns(d.columns())
                    .setSensitivity(d.sensitive() ? ResourceDefinitionSpec.Sensitivity.SENSITIVE
                            : ResourceDefinitionSpec.Sensitivity.NON_SENSITIVE)
                    .build();
            Map<String, Object> yaml = new LinkedHashMap<>();
            yaml.put("type", d.type());
            yaml.put("displayType", d.displayType());
            yaml.put("defaultNamespace", d.defaultNamespace());
            yaml.put("aliases", d.aliases());
            yaml.put("allAliases", d.allAliases());
            if (!d.columns().isEmpty()) {
                yaml.put("printColumns", d.columns().stream()
                        .map(c -> Map.of("name", c.getName(), "jsonPath", c.getJsonPath())).toList());
            }
            if (d.sensitive()) {
                yaml.put("sensitivity", "sensitive");
            }
            resources.add(resource(TalosResources.META_NAMESPACE, TalosResources.RESOURCE_DEFINITIONS,
                    d.type().toLowerCase(java.util.Locale.ROOT), 1, "", created, spec, yaml(yaml)));
        }
        return resources;
    }

    private static List<Resource> extensionStatuses(NodeView node, Instant created) {
        List<Resource> resources = new ArrayList<>();
        int index = 0;
        List<Extension> all = new ArrayList<>(node.extensions());
        boolean factory = node.schematicId() != null && !node.schematicId().equals(SchematicRegistry.VANILLA);
        if (factory) {
            all.add(new Extension("schematic", node.schematicId(), "Image Factory",
                    "This extension is created by the Image Factory and contains the schematic."));
        }
        for (Extension extension : all) {
            String id = String.valueOf(index++);
            boolean schematic = factory && extension.name().equals("schematic") && index == all.size();
            String compatibility = schematic ? ">= 1.0.0" : ">= v1.10.0";
            Layer layer = Layer.newBuilder().setImage(id + ".sqsh").setMetadata(
                    dev.tailtalos.proto.talos.resource.definitions.extensions.Metadata.newBuilder()
                            .setName(extension.name()).setVersion(extension.version()).setAuthor(extension.author())
                            .setDescription(extension.description())
                            .setCompatibility(Compatibility.newBuilder()
                                    .setTalos(Constraint.newBuilder().setVersion(compatibility)))
                            .setExtraInfo(schematic ? node.schematicYaml() : "")).build();
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", extension.name());
            metadata.put("version", extension.version());
            metadata.put("author", extension.author());
            metadata.put("description", extension.description());
            metadata.put("compatibility", Map.of("talos", Map.of("version", compatibility)));
            if (schematic && !node.schematicYaml().isEmpty()) {
                metadata.put("extraInfo", node.schematicYaml());
            }
            Map<String, Object> yaml = new LinkedHashMap<>();
            yaml.put("image", id + ".sqsh");
            yaml.put("metadata", metadata);
            resources.add(resource(TalosResources.RUNTIME_NAMESPACE, TalosResources.EXTENSION_STATUSES, id, 1,
                    "runtime.ExtensionStatusController", created, layer, yaml(yaml)));
        }
        return resources;
    }

    private static List<Resource> machineConfigs(NodeView node, Instant created) {
        if (node.configYaml() == null) {
            return List.of();
        }
        MachineConfigSpec spec = MachineConfigSpec.newBuilder()
                .setYamlMarshalled(ByteString.copyFromUtf8(node.configYaml())).build();
        return List.of(resource(TalosResources.CONFIG_NAMESPACE, TalosResources.MACHINE_CONFIGS, "v1alpha1",
                node.configVersion(), "", created, spec, node.configYaml()));
    }

    private static List<Resource> addressStatuses(NodeView node, Instant created) {
        List<Resource> resources = new ArrayList<>();
        resources.add(address("lo", 1, "127.0.0.1", 8, "host", created));
        int eth = 2;
        List<String> lan = new ArrayList<>();
        lan.add(node.spec().bindAddress());
        lan.addAll(node.spec().extraAddresses());
        for (String address : lan.stream().distinct().toList()) {
            resources.add(address("eth0", eth, address, address.contains(":") ? 64 : 24, "global", created));
        }
        if (node.tailnetDevice() != null) {
            resources.add(address("tailscale0", 3, node.tailnetDevice().address(), 32, "global", created));
        }
        return resources;
    }

    private static Resource address(String link, int linkIndex, String ip, int prefix, String scope, Instant created) {
        byte[] raw;
        try {
            raw = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an IP literal: " + ip, e);
        }
        boolean v6 = raw.length == 16;
        AddressStatusSpec spec = AddressStatusSpec.newBuilder()
                .setAddress(NetIPPrefix.newBuilder().setIp(ByteString.copyFrom(raw)).setPrefixLength(prefix))
                .setLocal(NetIP.newBuilder().setIp(ByteString.copyFrom(raw)))
                .setLinkIndex(linkIndex).setLinkName(link)
                .setFamily(v6 ? NethelpersFamily.FAMILY_INET6 : NethelpersFamily.FAMILY_INET4)
                .setScope(scope.equals("host") ? NethelpersScope.SCOPE_HOST
                        : NethelpersScope.SCOPE_GLOBAL)
                .setFlags(0x80).build();
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("address", ip + "/" + prefix);
        yaml.put("local", ip);
        yaml.put("linkIndex", linkIndex);
        yaml.put("linkName", link);
        yaml.put("family", v6 ? "inet6" : "inet4");
        yaml.put("scope", scope);
        yaml.put("flags", "permanent");
        yaml.put("priority", 0);
        String id = link + "/" + ip + "/" + prefix;
        return resource(TalosResources.NETWORK_NAMESPACE, TalosResources.ADDRESS_STATUSES, id, 1,
                "network.AddressStatusController", created, spec, yaml(yaml));
    }

    static Resource resource(String namespace, String type, String id, long version, String owner,
            Instant created, Message spec, String yaml) {
        return Resource.newBuilder()
                .setMetadata(Metadata.newBuilder().setNamespace(namespace).setType(type).setId(id)
                        .setVersion(Long.toString(version)).setOwner(owner).setPhase("running")
                        .setCreated(SimulatedService.timestamp(created)).setUpdated(SimulatedService.timestamp(created)))
                .setSpec(Spec.newBuilder().setProtoSpec(spec.toByteString()).setYamlSpec(yaml))
                .build();
    }

    static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrintColumn column(String name, String jsonPath) {
        return PrintColumn.newBuilder().setName(name).setJsonPath(jsonPath).build();
    }
}
