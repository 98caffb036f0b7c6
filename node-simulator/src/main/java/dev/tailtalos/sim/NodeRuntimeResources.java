package dev.tailtalos.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.tailtalos.common.talos.TalosResources;
import dev.tailtalos.proto.cosi.Resource;
import dev.tailtalos.proto.talos.resource.definitions.enums.NethelpersDuplex;
import dev.tailtalos.proto.talos.resource.definitions.enums.NethelpersLinkType;
import dev.tailtalos.proto.talos.resource.definitions.enums.NethelpersOperationalState;
import dev.tailtalos.proto.talos.resource.definitions.enums.NethelpersPort;
import dev.tailtalos.proto.talos.resource.definitions.network.LinkStatusSpec;
import dev.tailtalos.proto.talos.resource.definitions.runtime.ExtensionServiceConfigFile;
import dev.tailtalos.proto.talos.resource.definitions.runtime.ExtensionServiceConfigSpec;
import dev.tailtalos.proto.talos.resource.definitions.time.StatusSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** LinkStatuses (lo, eth0, tailscale0 once joined), ExtensionServiceConfigs from the applied config, TimeStatus. */
final class NodeRuntimeResources {

    private static final int IFF_UP = 0x1;
    private static final int IFF_BROADCAST = 0x2;
    private static final int IFF_LOOPBACK = 0x8;
    private static final int IFF_POINTOPOINT = 0x10;
    private static final int IFF_RUNNING = 0x40;
    private static final int IFF_NOARP = 0x80;
    private static final int IFF_MULTICAST = 0x1000;
    private static final int IFF_LOWER_UP = 0x10000;

    private record Link(String name, int index, NethelpersLinkType type, String typeName, String kind, int flags,
            String flagNames, byte[] mac, int mtu, String queueDisc, NethelpersOperationalState state,
            String stateName, boolean linkState, NethelpersPort port, String portName, NethelpersDuplex duplex,
            String duplexName, String driver) {
    }

    private NodeRuntimeResources() {
    }

    static List<Resource> links(NodeView node, Instant created) {
        List<Link> links = new ArrayList<>();
        links.add(new Link("lo", 1, NethelpersLinkType.LINK_LOOPBCK, "loopback", "", IFF_UP | IFF_LOOPBACK | IFF_RUNNING
                | IFF_LOWER_UP, "UP,LOOPBACK,RUNNING,LOWER_UP", new byte[6], 65_536, "noqueue",
                NethelpersOperationalState.OPER_STATE_UNKNOWN, "unknown", true, NethelpersPort.OTHER, "Other",
                NethelpersDuplex.UNKNOWN, "Unknown", ""));
        links.add(new Link("eth0", 2, NethelpersLinkType.LINK_ETHER, "ether", "", IFF_UP | IFF_BROADCAST | IFF_RUNNING
                | IFF_MULTICAST | IFF_LOWER_UP, "UP,BROADCAST,RUNNING,MULTICAST,LOWER_UP", mac(node.spec().bindAddress()),
                1_500, "pfifo_fast", NethelpersOperationalState.OPER_STATE_UP, "up", true,
                NethelpersPort.TWISTED_PAIR, "TwistedPair", NethelpersDuplex.FULL, "Full", "virtio_net"));
        if (node.tailnetDevice() != null) {
            links.add(new Link("tailscale0", 3, NethelpersLinkType.LINK_NONE, "none", "tun", IFF_UP | IFF_POINTOPOINT
                    | IFF_RUNNING | IFF_NOARP | IFF_MULTICAST | IFF_LOWER_UP,
                    "UP,POINTOPOINT,RUNNING,NOARP,MULTICAST,LOWER_UP", new byte[0], 1_280, "fq_codel",
                    NethelpersOperationalState.OPER_STATE_UNKNOWN, "unknown", true, NethelpersPort.OTHER, "Other",
                    NethelpersDuplex.UNKNOWN, "Unknown", "tun"));
        }
        return links.stream().map(link -> link(link, created)).toList();
    }

    private static Resource link(Link link, Instant created) {
        byte[] broadcast = link.mac().length == 0 ? new byte[0]
                : link.type() == NethelpersLinkType.LINK_ETHER ? HexFormat.of().parseHex("ffffffffffff") : new byte[6];
        LinkStatusSpec spec = LinkStatusSpec.newBuilder().setIndex(link.index()).setType(link.type())
                .setFlags(link.flags()).setHardwareAddr(ByteString.copyFrom(link.mac()))
                .setPermanentAddr(ByteString.copyFrom(link.mac())).setBroadcastAddr(ByteString.copyFrom(broadcast))
                .setMtu(link.mtu()).setQueueDisc(link.queueDisc()).setOperationalState(link.state())
                .setKind(link.kind()).setDriver(link.driver()).setLinkState(link.linkState()).setPort(link.port())
                .setDuplex(link.duplex()).build();
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("index", link.index());
        yaml.put("type", link.typeName());
        yaml.put("linkIndex", 0);
        yaml.put("flags", link.flagNames());
        yaml.put("hardwareAddr", colons(link.mac()));
        yaml.put("permanentAddr", colons(link.mac()));
        yaml.put("broadcastAddr", colons(broadcast));
        yaml.put("mtu", link.mtu());
        yaml.put("queueDisc", link.queueDisc());
        yaml.put("operationalState", link.stateName());
        yaml.put("kind", link.kind());
        yaml.put("slaveKind", "");
        if (!link.driver().isEmpty()) {
            yaml.put("driver", link.driver());
        }
        yaml.put("linkState", link.linkState());
        yaml.put("port", link.portName());
        yaml.put("duplex", link.duplexName());
        return NodeResources.resource(TalosResources.NETWORK_NAMESPACE, ResourceTypes.LINK_STATUSES, link.name(), 1,
                "network.LinkStatusController", created, spec, NodeResources.yaml(yaml));
    }

    /** One per ExtensionServiceConfig document of the applied config, id = its name (environment and files). */
    static List<Resource> extensionServiceConfigs(NodeView node, Instant created) {
        if (node.config() == null) {
            return List.of();
        }
        List<Resource> resources = new ArrayList<>();
        node.config().extensionServiceDocuments().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> resources.add(extensionServiceConfig(entry.getKey(), entry.getValue(), node, created)));
        return resources;
    }

    private static Resource extensionServiceConfig(String name, JsonNode document, NodeView node,
            Instant created) {
        ExtensionServiceConfigSpec.Builder spec = ExtensionServiceConfigSpec.newBuilder();
        List<Map<String, Object>> files = new ArrayList<>();
        document.path("configFiles").forEach(file -> {
            String content = file.path("content").asText("");
            String mountPath = file.path("mountPath").asText("");
            spec.addFiles(ExtensionServiceConfigFile.newBuilder().setContent(content).setMountPath(mountPath));
            Map<String, Object> yamlFile = new LinkedHashMap<>();
            yamlFile.put("content", content);
            yamlFile.put("mountPath", mountPath);
            files.add(yamlFile);
        });
        List<String> environment = new ArrayList<>();
        document.path("environment").forEach(entry -> environment.add(entry.asText()));
        spec.addAllEnvironment(environment);
        Map<String, Object> yaml = new LinkedHashMap<>();
        if (!files.isEmpty()) {
            yaml.put("files", files);
        }
        if (!environment.isEmpty()) {
            yaml.put("environment", environment);
        }
        return NodeResources.resource(TalosResources.RUNTIME_NAMESPACE, TalosResources.EXTENSION_SERVICE_CONFIGS, name,
                node.configVersion(), "runtime.ExtensionServiceConfigController", created, spec.build(),
                NodeResources.yaml(yaml));
    }

    /** Synced since boot: the simulated node's clock is the host's. */
    static List<Resource> timeStatus(Instant created) {
        StatusSpec spec = StatusSpec.newBuilder().setSynced(true).setEpoch(1).setSyncDisabled(false).build();
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("synced", true);
        yaml.put("epoch", 1);
        yaml.put("syncDisabled", false);
        return List.of(NodeResources.resource(TalosResources.RUNTIME_NAMESPACE, ResourceTypes.TIME_STATUSES, "node", 2,
                "time.SyncController", created, spec, NodeResources.yaml(yaml)));
    }

    /** 52:54:00 (a QEMU prefix) followed by the last three bytes of the node's LAN address. */
    private static byte[] mac(String address) {
        byte[] ip;
        try {
            ip = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an IP literal: " + address, e);
        }
        return new byte[] {0x52, 0x54, 0x00, ip[ip.length - 3], ip[ip.length - 2], ip[ip.length - 1]};
    }

    private static String colons(byte[] bytes) {
        List<String> parts = new ArrayList<>();
        for (byte b : bytes) {
            parts.add(String.format("%02x", b));
        }
        return String.join(":", parts);
    }
}
