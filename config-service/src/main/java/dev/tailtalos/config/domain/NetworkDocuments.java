package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.YamlPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * talhelper's conversion of {@code networkInterfaces} into the Talos ≥1.12 network documents (talhelper §4.6), in its
 * order: link aliases, bond-member aliases, bonds, DHCP, layer-2 VIPs, links, VLANs (each with its DHCP and VIP),
 * WireGuard, bridges. What talhelper drops is dropped here too (ignore, dummy, bridgePort, dhcpOptions.duidv6, bond
 * primary, VIP provider sections, VLANs without an id, VLAN routes and WireGuard endpoints it cannot parse as IP
 * literals); what talhelper, or Talos's check of the generated documents, refuses is an error naming the
 * talconfig.yaml field.
 */
public final class NetworkDocuments {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> LINK_KINDS = Set.of("BondConfig", "BridgeConfig", "DummyLinkConfig", "LinkConfig",
            "VLANConfig", "VRFConfig", "WireguardConfig");
    private static final List<String> BOND_ORDER = List.of("bondMode", "miimon", "updelay", "downdelay", "useCarrier",
            "xmitHashPolicy", "arpInterval", "arpValidate", "arpAllTargets", "lacpRate", "failOverMac", "adSelect",
            "adActorSysPrio", "adUserPortKey", "primaryReselect", "resendIGMP", "minLinks", "lpInterval",
            "packetsPerSlave", "numPeerNotif", "tlbLogicalLb", "allSlavesActive", "peerNotifDelay");

    private final TreeReader problems;
    private final List<Generated> generated = new ArrayList<>();

    private record Generated(ObjectNode document, String field) {
    }

    private NetworkDocuments(TreeReader problems) {
        this.problems = problems;
    }

    /**
     * Checks a node's interfaces as talhelper does and, on Talos ≥1.12, converts them.
     *
     * @param interfaces the merged node's {@code networkInterfaces}
     * @param path       where they are written, e.g. {@code nodes[2].networkInterfaces}
     * @return the documents to append (none before Talos 1.12, where the interfaces stay in machine.network)
     * @throws ConfigValidationException listing every problem found
     */
    public static List<ObjectNode> forNode(List<JsonNode> interfaces, String path, TalosContract contract,
                                           boolean controlPlane) {
        if (interfaces.isEmpty()) {
            return List.of();
        }
        TreeReader reader = new TreeReader(TalconfigLoader.TALCONFIG);
        List<NetworkDevice> devices = NetworkDevice.readAll(interfaces, path, reader);
        if (reader.problems().isEmpty()) {
            new NetworkInterfaceChecks(reader, !contract.multidocNetwork(), controlPlane).check(devices);
        }
        List<ObjectNode> documents = List.of();
        if (reader.problems().isEmpty() && contract.multidocNetwork()) {
            documents = new NetworkDocuments(reader).convert(devices);
        }
        if (!reader.problems().isEmpty()) {
            throw new ConfigValidationException(reader.problems());
        }
        return documents;
    }

    private List<ObjectNode> convert(List<NetworkDevice> devices) {
        List<String> names = aliasNames(devices);
        List<BiConsumer<String, NetworkDevice>> passes = List.of(this::linkAlias, this::bondMemberAliases, this::bond,
                this::dhcp, this::vip, this::link, this::vlans, this::wireguard, this::bridge);
        for (BiConsumer<String, NetworkDevice> pass : passes) {
            for (int i = 0; i < devices.size(); i++) {
                pass.accept(names.get(i), devices.get(i));
            }
        }
        checkUnique();
        return generated.stream().map(Generated::document).toList();
    }

    /**
     * The link name of each entry: its interface, or for a deviceSelector entry without one the next free alias of
     * its kind (bond0…, br0…, wg0…, ethSel0…), skipping names other entries use.
     */
    private static List<String> aliasNames(List<NetworkDevice> devices) {
        Set<String> used = new HashSet<>();
        devices.stream().map(NetworkDevice::name).filter(n -> !n.isEmpty()).forEach(used::add);
        Map<String, Integer> next = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (NetworkDevice device : devices) {
            String name = device.name();
            if (device.selector() != null && name.isEmpty()) {
                String prefix = device.bond() != null ? "bond" : device.bridge() != null ? "br"
                        : device.wireguard() != null ? "wg" : "ethSel";
                do {
                    int index = next.merge(prefix, 1, Integer::sum) - 1;
                    name = prefix + index;
                } while (used.contains(name));
                used.add(name);
            }
            names.add(name);
        }
        return names;
    }

    private void linkAlias(String name, NetworkDevice device) {
        if (device.selector() != null) {
            linkAlias(name, device.selector());
        }
    }

    private void bondMemberAliases(String name, NetworkDevice device) {
        for (int m = 0; device.bond() != null && m < device.bond().deviceSelectors().size(); m++) {
            linkAlias(name + "-m" + m, device.bond().deviceSelectors().get(m));
        }
    }

    private void linkAlias(String name, NetworkDevice.Selector selector) {
        List<String> conditions = new ArrayList<>();
        glob(conditions, selector, "hardwareAddr", selector.hardwareAddr(), "mac(link.hardware_addr)");
        glob(conditions, selector, "permanentAddr", selector.permanentAddr(), "mac(link.permanent_addr)");
        glob(conditions, selector, "busPath", selector.busPath(), "link.bus_path");
        glob(conditions, selector, "driver", selector.driver(), "link.driver");
        glob(conditions, selector, "pciID", selector.pciID(), "link.pciid");
        if (selector.physical() != null) {
            conditions.add(selector.physical() ? "link.type == 1" : "link.type != 1");
        }
        if (!conditions.isEmpty()) {
            document("LinkAliasConfig", name, selector.field()).putObject("selector")
                    .put("match", String.join(" && ", conditions));
        }
    }

    private void glob(List<String> conditions, NetworkDevice.Selector selector, String key, String pattern, String of) {
        if (pattern.isEmpty()) {
            return;
        }
        if (pattern.contains("\"") || pattern.contains("\\") || pattern.contains("\n")) {
            problems.error(YamlPath.field(selector.field(), key), "cannot hold '\"', '\\' or line breaks: it becomes a"
                    + " string in the LinkAliasConfig selector expression");
        }
        conditions.add("glob(\"" + pattern + "\", " + of + ")");
    }

    private void bond(String name, NetworkDevice device) {
        NetworkDevice.Bond bond = device.bond();
        if (bond == null) {
            return;
        }
        ObjectNode document = document("BondConfig", name, device.field());
        List<String> links = new ArrayList<>(bond.interfaces());
        for (int m = 0; m < bond.deviceSelectors().size(); m++) {
            links.add(name + "-m" + m);
        }
        if (!links.isEmpty()) {
            ArrayNode array = document.putArray("links");
            links.forEach(array::add);
        } else {
            problems.error(bond.field(), "a bond needs interfaces or deviceSelectors (Talos BondConfig: at least one"
                    + " link)");
        }
        Map<String, JsonNode> options = new HashMap<>();
        NetworkDevice.BOND_NAMES.values().forEach(o -> {
            if (!bond.name(o.key()).isEmpty()) {
                options.put(o.documentKey(), NODES.textNode(bond.name(o.key())));
            }
        });
        NetworkDevice.BOND_NUMBERS.values().forEach(o -> {
            if (bond.number(o.key()) > 0) {
                options.put(o.documentKey(), number(bond.number(o.key())));
            }
        });
        if (bond.useCarrier() != null) {
            options.put("useCarrier", NODES.booleanNode(bond.useCarrier()));
        }
        BOND_ORDER.stream().filter(options::containsKey).forEach(key -> document.set(key, options.get(key)));
        if (!options.containsKey("bondMode")) {
            problems.error(YamlPath.field(bond.field(), "mode"), "is required from Talos 1.12 (BondConfig.bondMode)");
        }
        commonLink(document, device.field(), device.addresses(), device.routes(), device.mtu());
    }

    private void dhcp(String name, NetworkDevice device) {
        if (device.dhcp()) {
            dhcp(name, device.dhcpOptions(), device.field());
        }
    }

    private void dhcp(String name, NetworkDevice.DhcpOptions options, String field) {
        NetworkDevice.DhcpOptions dhcp = options == null ? NetworkDevice.DhcpOptions.DEFAULT : options;
        if (dhcp.v4()) {
            ObjectNode document = document("DHCPv4Config", name, field);
            if (dhcp.routeMetric() > 0) {
                document.set("routeMetric", number(dhcp.routeMetric()));
            }
        }
        if (dhcp.v6()) {
            ObjectNode document = document("DHCPv6Config", name, field);
            if (dhcp.routeMetric() > 0) {
                document.set("routeMetric", number(dhcp.routeMetric()));
            }
        }
    }

    private void vip(String name, NetworkDevice device) {
        if (device.vip() != null && !device.vip().ip().isEmpty()) {
            vip(device.vip(), name);
        }
    }

    /** Bonds, bridges and WireGuard links carry their addresses in their own documents. */
    private void link(String name, NetworkDevice device) {
        boolean special = device.bond() != null || device.wireguard() != null || device.bridge() != null;
        if (!special && (!device.addresses().isEmpty() || !device.routes().isEmpty() || device.mtu() > 0)) {
            ObjectNode link = document("LinkConfig", name, device.field());
            commonLink(link, device.field(), device.addresses(), device.routes(), device.mtu());
        }
    }

    private void vip(NetworkDevice.Vip vip, String link) {
        if (GoNetValues.parseAddr(vip.ip()).isEmpty()) {
            problems.error(YamlPath.field(vip.field(), "ip"), "\"" + vip.ip() + "\" is not an IP address");
        }
        document("Layer2VIPConfig", vip.ip(), vip.field()).put("link", link);
    }

    private void vlans(String parent, NetworkDevice device) {
        if (device.vlans() != null) {
            device.vlans().forEach(vlan -> vlan(parent, vlan));
        }
    }

    private void vlan(String parent, NetworkDevice.Vlan vlan) {
        if (vlan.vlanId() == 0) {
            return;
        }
        if (vlan.vlanId() > 4094) {
            problems.error(YamlPath.field(vlan.field(), "vlanId"), "must be from 1 to 4094");
        }
        String name = parent + "." + vlan.vlanId();
        ObjectNode document = document("VLANConfig", name, vlan.field());
        document.set("vlanID", number(vlan.vlanId()));
        document.put("parent", parent);
        List<NetworkDevice.Route> routes = vlan.routes().stream()
                .filter(r -> (r.network().isEmpty() || GoNetValues.canonicalPrefix(r.network()).isPresent())
                        && (r.gateway().isEmpty() || GoNetValues.parseAddr(r.gateway()).isPresent())
                        && (r.source().isEmpty() || GoNetValues.parseAddr(r.source()).isPresent()))
                .toList();
        commonLink(document, vlan.field(), vlan.addresses(), routes, vlan.mtu());
        if (vlan.dhcp()) {
            dhcp(name, vlan.dhcpOptions(), vlan.field());
        }
        if (vlan.vip() != null) {
            vip(vlan.vip(), name);
        }
    }

    private void wireguard(String name, NetworkDevice device) {
        NetworkDevice.Wireguard wireguard = device.wireguard();
        if (wireguard == null) {
            return;
        }
        ObjectNode document = document("WireguardConfig", name, device.field());
        if (!wireguard.privateKey().isEmpty()) {
            document.put("privateKey", wireguard.privateKey());
        }
        if (wireguard.listenPort() > 65535) {
            problems.error(YamlPath.field(wireguard.field(), "listenPort"), "must be from 0 to 65535");
        }
        if (wireguard.listenPort() > 0) {
            document.set("listenPort", number(wireguard.listenPort()));
        }
        if (wireguard.firewallMark() > 0) {
            document.set("firewallMark", number(wireguard.firewallMark()));
        }
        if (!wireguard.peers().isEmpty()) {
            ArrayNode peers = document.putArray("peers");
            wireguard.peers().forEach(p -> peers.add(peer(p)));
        }
        commonLink(document, device.field(), device.addresses(), device.routes(), device.mtu());
    }

    private ObjectNode peer(NetworkDevice.Peer peer) {
        ObjectNode node = NODES.objectNode();
        if (!peer.publicKey().isEmpty()) {
            node.put("publicKey", peer.publicKey());
        }
        GoNetValues.canonicalAddrPort(peer.endpoint()).ifPresent(e -> node.put("endpoint", e));
        if (peer.persistentKeepaliveInterval() != null) {
            Optional<Long> interval = GoNetValues.parseDuration(peer.persistentKeepaliveInterval());
            if (interval.isEmpty()) {
                problems.error(YamlPath.field(peer.field(), "persistentKeepaliveInterval"), "\""
                        + peer.persistentKeepaliveInterval() + "\" is not a duration like 25s");
            } else if (interval.get() > 0) {
                node.put("persistentKeepaliveInterval", GoNetValues.formatDuration(interval.get()));
            }
        }
        ArrayNode allowed = NODES.arrayNode();
        peer.allowedIPs().forEach(ip -> GoNetValues.canonicalPrefix(ip).ifPresent(allowed::add));
        if (!allowed.isEmpty()) {
            node.set("allowedIPs", allowed);
        }
        return node;
    }

    private void bridge(String name, NetworkDevice device) {
        NetworkDevice.Bridge bridge = device.bridge();
        if (bridge == null) {
            return;
        }
        ObjectNode document = document("BridgeConfig", name, device.field());
        if (!bridge.interfaces().isEmpty()) {
            ArrayNode links = document.putArray("links");
            bridge.interfaces().forEach(links::add);
        }
        if (bridge.stpEnabled() != null) {
            document.putObject("stp").put("enabled", bridge.stpEnabled());
        }
        if (Boolean.TRUE.equals(bridge.vlanFiltering())) {
            document.putObject("vlan").put("filtering", true);
        }
        commonLink(document, device.field(), device.addresses(), device.routes(), device.mtu());
    }

    /**
     * mtu, addresses and routes of a link document (addresses and routes were checked already); a default route
     * (0.0.0.0/0, ::/0) has no destination.
     */
    private void commonLink(ObjectNode document, String field, List<String> addresses, List<NetworkDevice.Route> routes,
                            long mtu) {
        if (mtu > 0) {
            document.set("mtu", number(mtu));
        }
        ArrayNode addressList = NODES.arrayNode();
        for (int i = 0; i < addresses.size(); i++) {
            String at = YamlPath.index(YamlPath.field(field, "addresses"), i);
            Optional<String> address = GoNetValues.canonicalAddressOrHost(addresses.get(i));
            if (address.isEmpty()) {
                problems.error(at, "\"" + addresses.get(i) + "\" is not an IP address or CIDR");
            } else if (unspecified(address.get())) {
                problems.error(at, "\"" + address.get() + "\" is the unspecified address");
            }
            address.ifPresent(a -> addressList.addObject().put("address", a));
        }
        if (!addressList.isEmpty()) {
            document.set("addresses", addressList);
        }
        ArrayNode routeList = NODES.arrayNode();
        routes.forEach(r -> routeList.add(route(r)));
        if (!routeList.isEmpty()) {
            document.set("routes", routeList);
        }
    }

    private ObjectNode route(NetworkDevice.Route route) {
        ObjectNode node = NODES.objectNode();
        GoNetValues.canonicalPrefix(route.network())
                .filter(p -> !p.equals("0.0.0.0/0") && !p.equals("::/0"))
                .ifPresent(p -> {
                    if (unspecified(p)) {
                        problems.error(YamlPath.field(route.field(), "network"), "\"" + p
                                + "\" has the unspecified address");
                    }
                    node.put("destination", p);
                });
        addr(node, "gateway", route.gateway(), route.field());
        addr(node, "source", route.source(), route.field());
        if (route.metric() > 0) {
            node.set("metric", number(route.metric()));
        }
        if (route.mtu() > 0) {
            node.set("mtu", number(route.mtu()));
        }
        return node;
    }

    private void addr(ObjectNode node, String key, String value, String field) {
        GoNetValues.parseAddr(value).ifPresent(a -> {
            if (GoNetValues.isUnspecified(a)) {
                problems.error(YamlPath.field(field, key), "\"" + value + "\" is the unspecified address");
            }
            node.put(key, GoNetValues.format(a));
        });
    }

    private static boolean unspecified(String prefix) {
        return GoNetValues.parseAddr(prefix.substring(0, prefix.indexOf('/'))).map(GoNetValues::isUnspecified)
                .orElse(false);
    }

    /** Talos refuses a patch with two documents of one kind and name, or two link documents of one name. */
    private void checkUnique() {
        Map<String, String> seen = new LinkedHashMap<>();
        for (Generated g : generated) {
            String kind = g.document().path("kind").asText();
            String name = g.document().path("name").asText();
            if (name.isEmpty()) {
                problems.error(g.field(), "needs an interface name for its " + kind);
                continue;
            }
            String id = (LINK_KINDS.contains(kind) ? "link" : kind) + "/" + name;
            String earlier = seen.putIfAbsent(id, kind + " " + name + " from " + g.field());
            if (earlier != null) {
                problems.error(g.field(), "gives " + kind + " " + name + ", which clashes with " + earlier
                        + " (Talos refuses duplicate network documents)");
            }
        }
    }

    private ObjectNode document(String kind, String name, String field) {
        ObjectNode document = NODES.objectNode();
        document.put("apiVersion", "v1alpha1");
        document.put("kind", kind);
        document.put("name", name);
        generated.add(new Generated(document, field));
        return document;
    }

    private static JsonNode number(long value) {
        return value <= Integer.MAX_VALUE ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }
}
