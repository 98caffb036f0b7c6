package dev.tailtalos.config.domain;

import dev.tailtalos.common.yaml.YamlPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * talhelper's checks on {@code networkInterfaces} (its validator, with Talos's v1alpha1 device checks), made on every
 * Talos line. As in talhelper, an entry with {@code ignore: true} skips the per-device checks, and a bond member counts
 * as bonded only for the entries after its bond. Before Talos 1.12 the interfaces also pass Talos's check of
 * machine.network: no VIPs on workers, and no addressing on any bond or bridge member.
 */
final class NetworkInterfaceChecks {

    private static final Pattern WIREGUARD_KEY = Pattern.compile("[A-Za-z0-9+/]{43}=");
    /** A private key kept in custody and bound while sealing; talhelper would see the key itself. */
    private static final Pattern CUSTODY_REFERENCE = Pattern.compile("custody://[^\\s\"',]+");
    private static final Set<String> LOAD_BALANCING = Set.of("802.3ad", "balance-alb", "balance-tlb");

    private final TreeReader problems;
    private final boolean legacy;
    private final boolean controlPlane;

    /** @param legacy the interfaces go into machine.network (Talos before 1.12) */
    NetworkInterfaceChecks(TreeReader problems, boolean legacy, boolean controlPlane) {
        this.problems = problems;
        this.legacy = legacy;
        this.controlPlane = controlPlane;
    }

    void check(List<NetworkDevice> devices) {
        Map<String, String> bonded = new HashMap<>();
        Map<String, String> bridged = new HashMap<>();
        Map<String, String> members = legacy ? allMembers(devices) : bonded;
        for (NetworkDevice device : devices) {
            if (device.bond() != null && device.bridge() != null) {
                error(device.field(), "an interface cannot have both a bond and a bridge section");
            }
            if (device.bond() != null) {
                membership(device, device.bond().interfaces(), bonded, bridged, "bond", device.bond().field());
                if (!device.bond().interfaces().isEmpty() && !device.bond().deviceSelectors().isEmpty()) {
                    error(device.bond().field(), "set either bond.interfaces or bond.deviceSelectors, not both");
                }
            }
            if (device.bridge() != null) {
                membership(device, device.bridge().interfaces(), bridged, bonded, "bridge",
                        YamlPath.field(device.field(), "bridge"));
            }
            if (!device.ignore()) {
                checkDevice(device, members);
            }
            if (legacy && !controlPlane) {
                noVip(device);
            }
        }
    }

    private static Map<String, String> allMembers(List<NetworkDevice> devices) {
        Map<String, String> members = new HashMap<>();
        for (NetworkDevice device : devices) {
            if (device.bond() != null) {
                device.bond().interfaces().forEach(m -> members.put(m, device.name()));
            }
            if (device.bridge() != null) {
                device.bridge().interfaces().forEach(m -> members.put(m, device.name()));
            }
        }
        return members;
    }

    private void noVip(NetworkDevice device) {
        if (device.vip() != null) {
            error(device.vip().field(), "a shared (virtual) IP is only allowed on control plane nodes before Talos 1.12");
        }
        for (NetworkDevice.Vlan vlan : device.vlans() == null ? List.<NetworkDevice.Vlan>of() : device.vlans()) {
            if (vlan.vip() != null) {
                error(vlan.vip().field(), "a shared (virtual) IP is only allowed on control plane nodes before Talos 1.12");
            }
        }
    }

    private void membership(NetworkDevice device, List<String> members, Map<String, String> same,
                            Map<String, String> other, String kind, String field) {
        for (String member : members) {
            String earlier = same.get(member);
            if (earlier != null && !earlier.equals(device.name())) {
                error(field, "interface \"" + member + "\" is part of two " + kind + "s: \"" + earlier + "\" and \""
                        + device.name() + "\"");
            }
            if (other.containsKey(member)) {
                error(field, "interface \"" + member + "\" is part of both a bond and a bridge: \"" + other.get(member)
                        + "\" and \"" + device.name() + "\"");
            }
            same.put(member, device.name());
        }
    }

    private void checkDevice(NetworkDevice device, Map<String, String> bonded) {
        String at = device.field();
        if (device.name().isEmpty() && device.selector() == null) {
            error(at, "set interface or deviceSelector");
        } else if (!device.name().isEmpty() && device.selector() != null) {
            error(at, "set interface or deviceSelector, not both");
        }
        if (device.selector() != null && device.selector().isEmpty()) {
            error(device.selector().field(), "deviceSelector is empty");
        }
        if (device.bond() != null) {
            checkBond(device.bond());
        }
        if (device.wireguard() != null) {
            checkWireguard(device.wireguard());
        }
        if (device.vlans() != null) {
            for (NetworkDevice.Vlan vlan : device.vlans()) {
                addressing(vlan.field(), vlan.addresses(), vlan.cidr());
            }
        }
        if (bonded.containsKey(device.name()) && (device.dhcp() || !device.cidr().isEmpty()
                || !device.addresses().isEmpty() || device.vip() != null)) {
            error(at, "\"" + device.name() + "\" is a member of \"" + bonded.get(device.name())
                    + "\" and cannot have dhcp, addresses, cidr or vip");
        }
        addressing(at, device.addresses(), device.cidr());
        if (device.vip() != null && GoNetValues.parseAddr(device.vip().ip()).isEmpty()) {
            error(YamlPath.field(device.vip().field(), "ip"), "\"" + device.vip().ip() + "\" is not an IP address");
        }
        for (NetworkDevice.Route route : device.routes()) {
            checkRoute(route);
        }
    }

    private void addressing(String at, List<String> addresses, String cidr) {
        if (!cidr.isEmpty()) {
            error(YamlPath.field(at, "cidr"), "cidr is deprecated and refused by talhelper; use addresses");
        }
        for (int i = 0; i < addresses.size(); i++) {
            if (GoNetValues.canonicalAddressOrHost(addresses.get(i)).isEmpty()) {
                error(YamlPath.index(YamlPath.field(at, "addresses"), i), "\"" + addresses.get(i)
                        + "\" is not an IP address or CIDR");
            }
        }
    }

    private void checkRoute(NetworkDevice.Route route) {
        if (!route.network().isEmpty() && GoNetValues.canonicalPrefix(route.network()).isEmpty()) {
            error(YamlPath.field(route.field(), "network"), "\"" + route.network() + "\" is not a CIDR");
        }
        if (!route.gateway().isEmpty() && GoNetValues.parseAddr(route.gateway()).isEmpty()) {
            error(YamlPath.field(route.field(), "gateway"), "\"" + route.gateway() + "\" is not an IP address");
        }
        if (route.network().isEmpty() && route.gateway().isEmpty()) {
            error(route.field(), "a route needs a network or a gateway");
        }
        if (!route.source().isEmpty() && GoNetValues.parseAddr(route.source()).isEmpty()) {
            error(YamlPath.field(route.field(), "source"), "\"" + route.source() + "\" is not an IP address");
        }
    }

    private void checkBond(NetworkDevice.Bond bond) {
        String at = bond.field();
        for (NetworkDevice.NamedOption option : NetworkDevice.BOND_NAMES.values()) {
            String value = bond.name(option.key());
            if (!value.isEmpty() && !option.names().contains(value)) {
                error(YamlPath.field(at, option.key()), "\"" + value + "\" is not one of " + option.names());
            }
        }
        String mode = bond.name("mode");
        mode = NetworkDevice.BOND_NAMES.get("mode").names().contains(mode) ? mode : "balance-rr";
        long miimon = bond.number("miimon");
        for (String delay : List.of("updelay", "downdelay")) {
            if (miimon == 0 && bond.number(delay) != 0) {
                error(YamlPath.field(at, delay), delay + " needs miimon");
            } else if (miimon != 0 && bond.number(delay) % miimon != 0) {
                error(YamlPath.field(at, delay), delay + " must be a multiple of miimon");
            }
        }
        if (!bond.arpIPTarget().isEmpty()) {
            error(YamlPath.field(at, "arpIPTarget"), "arpIPTarget is not supported by Talos");
        }
        if (!bond.adActorSystem().isEmpty()) {
            error(YamlPath.field(at, "adActorSystem"), "adActorSystem is not supported by Talos");
        }
        notIn(!bond.name("lacpRate").isEmpty() && !mode.equals("802.3ad"), at, "lacpRate", "only in 802.3ad mode");
        notIn(LOAD_BALANCING.contains(mode) && !bond.name("arpValidate").isEmpty(), at, "arpValidate",
                "not available in " + mode + " mode");
        notIn(!Set.of("active-backup", "balance-alb", "balance-tlb").contains(mode) && !bond.primary().isEmpty(), at,
                "primary", "not available in " + mode + " mode");
        notIn(LOAD_BALANCING.contains(mode) && bond.number("arpInterval") > 0, at, "arpInterval",
                "not available in " + mode + " mode");
        notIn(!mode.equals("balance-rr") && bond.number("packetsPerSlave") > 1, at, "packetsPerSlave",
                "not available in " + mode + " mode");
        notIn(!Set.of("balance-alb", "balance-tlb").contains(mode) && bond.number("tlbDynamicLb") > 0, at,
                "tlbDynamicLb", "not available in " + mode + " mode");
        notIn(!mode.equals("802.3ad") && bond.number("adActorSysPrio") > 0, at, "adActorSysPrio", "only in 802.3ad mode");
        notIn(!mode.equals("802.3ad") && bond.number("adUserPortKey") > 0, at, "adUserPortKey", "only in 802.3ad mode");
    }

    private void notIn(boolean wrong, String at, String key, String message) {
        if (wrong) {
            error(YamlPath.field(at, key), key + " is " + message);
        }
    }

    private void checkWireguard(NetworkDevice.Wireguard wireguard) {
        if (!WIREGUARD_KEY.matcher(wireguard.privateKey()).matches()
                && !CUSTODY_REFERENCE.matcher(wireguard.privateKey()).matches()) {
            error(YamlPath.field(wireguard.field(), "privateKey"),
                    "must be a base64 WireGuard key (32 bytes) or a custody:// reference to one");
        }
        for (NetworkDevice.Peer peer : wireguard.peers()) {
            if (!WIREGUARD_KEY.matcher(peer.publicKey()).matches()) {
                error(YamlPath.field(peer.field(), "publicKey"), "must be a base64 WireGuard key (32 bytes)");
            }
            if (!peer.endpoint().isEmpty() && !hostAndPort(peer.endpoint())) {
                error(YamlPath.field(peer.field(), "endpoint"), "\"" + peer.endpoint() + "\" is not host:port");
            }
            for (int i = 0; i < peer.allowedIPs().size(); i++) {
                if (GoNetValues.canonicalPrefix(peer.allowedIPs().get(i)).isEmpty()) {
                    error(YamlPath.index(YamlPath.field(peer.field(), "allowedIPs"), i),
                            "\"" + peer.allowedIPs().get(i) + "\" is not a CIDR");
                }
            }
        }
    }

    /** Go's {@code net.SplitHostPort} accepts it, and a host with colons is an IP address. */
    private static boolean hostAndPort(String endpoint) {
        String host;
        if (endpoint.startsWith("[")) {
            int close = endpoint.indexOf(']');
            if (close < 0 || close + 1 >= endpoint.length() || endpoint.charAt(close + 1) != ':') {
                return false;
            }
            host = endpoint.substring(1, close);
            String port = endpoint.substring(close + 2);
            if (port.contains("[") || port.contains("]") || port.contains(":")) {
                return false;
            }
        } else {
            if (endpoint.chars().filter(c -> c == ':').count() != 1 || endpoint.contains("[") || endpoint.contains("]")) {
                return false;
            }
            host = endpoint.substring(0, endpoint.indexOf(':'));
        }
        return !host.contains(":") || GoNetValues.parseAddr(host).isPresent();
    }

    private void error(String field, String message) {
        problems.error(field, message);
    }
}
