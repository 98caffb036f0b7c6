package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.common.yaml.YamlPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code networkInterfaces} entry: a Talos v1alpha1 {@code Device} as talhelper binds it. A {@code null} section
 * (selector, bond, bridge, vlans, dhcpOptions, wireguard, vip) was not written; {@code field} is where the entry is.
 */
record NetworkDevice(String field, String name, Selector selector, List<String> addresses, String cidr,
                     List<Route> routes, Bond bond, Bridge bridge, List<Vlan> vlans, long mtu, boolean dhcp,
                     boolean ignore, DhcpOptions dhcpOptions, Wireguard wireguard, Vip vip) {

    record Selector(String field, String busPath, String hardwareAddr, String permanentAddr, String pciID,
                    String driver, Boolean physical) {

        boolean isEmpty() {
            return busPath.isEmpty() && hardwareAddr.isEmpty() && permanentAddr.isEmpty() && pciID.isEmpty()
                    && driver.isEmpty() && physical == null;
        }
    }

    record Route(String field, String network, String gateway, String source, long metric, long mtu) {
    }

    /**
     * @param names   the named bond options by talconfig key (mode, xmitHashPolicy, ...), as written
     * @param numbers the numeric bond options by talconfig key (miimon, updelay, ...), as written
     */
    record Bond(String field, List<String> interfaces, List<Selector> deviceSelectors, List<String> arpIPTarget,
                Map<String, String> names, Map<String, Long> numbers, Boolean useCarrier, String adActorSystem,
                String primary) {

        String name(String key) {
            return names.getOrDefault(key, "");
        }

        long number(String key) {
            return numbers.getOrDefault(key, 0L);
        }
    }

    record Bridge(List<String> interfaces, Boolean stpEnabled, Boolean vlanFiltering) {
    }

    record Vlan(String field, List<String> addresses, String cidr, List<Route> routes, boolean dhcp, long vlanId,
                long mtu, Vip vip, DhcpOptions dhcpOptions) {
    }

    record DhcpOptions(long routeMetric, Boolean ipv4, Boolean ipv6) {

        static final DhcpOptions DEFAULT = new DhcpOptions(0, null, null);

        boolean v4() {
            return ipv4 == null || ipv4;
        }

        boolean v6() {
            return ipv6 != null && ipv6;
        }
    }

    record Wireguard(String field, String privateKey, long listenPort, long firewallMark, List<Peer> peers) {
    }

    record Peer(String field, String publicKey, String endpoint, String persistentKeepaliveInterval,
                List<String> allowedIPs) {
    }

    record Vip(String field, String ip) {
    }

    /** The named bond options, talconfig key to the BondConfig key, each with the names Talos accepts. */
    static final Map<String, NamedOption> BOND_NAMES = ordered(
            new NamedOption("mode", "bondMode", List.of("balance-rr", "active-backup", "balance-xor", "broadcast",
                    "802.3ad", "balance-tlb", "balance-alb")),
            new NamedOption("xmitHashPolicy", "xmitHashPolicy",
                    List.of("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4")),
            new NamedOption("lacpRate", "lacpRate", List.of("slow", "fast")),
            new NamedOption("arpValidate", "arpValidate",
                    List.of("none", "active", "backup", "all", "filter", "filter-active", "filter-backup")),
            new NamedOption("arpAllTargets", "arpAllTargets", List.of("any", "all")),
            new NamedOption("primaryReselect", "primaryReselect", List.of("always", "better", "failure")),
            new NamedOption("failOverMac", "failOverMac", List.of("none", "active", "follow")),
            new NamedOption("adSelect", "adSelect", List.of("stable", "bandwidth", "count")));

    /** The numeric bond options, talconfig key to the BondConfig key, with the Go type's maximum. */
    static final Map<String, NumericOption> BOND_NUMBERS = ordered(
            new NumericOption("miimon", "miimon", TreeReader.UINT32),
            new NumericOption("updelay", "updelay", TreeReader.UINT32),
            new NumericOption("downdelay", "downdelay", TreeReader.UINT32),
            new NumericOption("arpInterval", "arpInterval", TreeReader.UINT32),
            new NumericOption("resendIgmp", "resendIGMP", TreeReader.UINT32),
            new NumericOption("minLinks", "minLinks", TreeReader.UINT32),
            new NumericOption("lpInterval", "lpInterval", TreeReader.UINT32),
            new NumericOption("packetsPerSlave", "packetsPerSlave", TreeReader.UINT32),
            new NumericOption("numPeerNotif", "numPeerNotif", TreeReader.UINT8),
            new NumericOption("tlbDynamicLb", "tlbLogicalLb", TreeReader.UINT8),
            new NumericOption("allSlavesActive", "allSlavesActive", TreeReader.UINT8),
            new NumericOption("adActorSysPrio", "adActorSysPrio", TreeReader.UINT16),
            new NumericOption("adUserPortKey", "adUserPortKey", TreeReader.UINT16),
            new NumericOption("peerNotifyDelay", "peerNotifDelay", TreeReader.UINT32));

    record NamedOption(String key, String documentKey, List<String> names) implements Keyed {
    }

    record NumericOption(String key, String documentKey, long max) implements Keyed {
    }

    interface Keyed {
        String key();
    }

    /** Reads every entry of a networkInterfaces list written at {@code path}; problems go to {@code reader}. */
    static List<NetworkDevice> readAll(List<JsonNode> entries, String path, TreeReader reader) {
        List<NetworkDevice> devices = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String field = YamlPath.index(path, i);
            if (entries.get(i) == null || !entries.get(i).isObject()) {
                reader.error(field, "must be a mapping");
                continue;
            }
            devices.add(read(entries.get(i), field, reader));
        }
        return devices;
    }

    private static NetworkDevice read(JsonNode d, String at, TreeReader r) {
        JsonNode selector = r.object(d, at, "deviceSelector");
        return new NetworkDevice(at, r.textOrEmpty(d, at, "interface"),
                selector == null ? null : selector(selector, YamlPath.field(at, "deviceSelector"), r),
                r.texts(d, at, "addresses"), r.textOrEmpty(d, at, "cidr"),
                routes(d, at, r), bond(r.object(d, at, "bond"), YamlPath.field(at, "bond"), r),
                bridge(r.object(d, at, "bridge"), YamlPath.field(at, "bridge"), r), vlans(d, at, r),
                r.integer(d, at, "mtu", Integer.MIN_VALUE, TreeReader.UINT32), Boolean.TRUE.equals(r.bool(d, at, "dhcp")),
                Boolean.TRUE.equals(r.bool(d, at, "ignore")), dhcpOptions(r.object(d, at, "dhcpOptions"),
                YamlPath.field(at, "dhcpOptions"), r), wireguard(r.object(d, at, "wireguard"),
                YamlPath.field(at, "wireguard"), r), vip(r.object(d, at, "vip"), YamlPath.field(at, "vip"), r));
    }

    private static Selector selector(JsonNode s, String at, TreeReader r) {
        return new Selector(at, r.textOrEmpty(s, at, "busPath"), r.textOrEmpty(s, at, "hardwareAddr"),
                r.textOrEmpty(s, at, "permanentAddr"), r.textOrEmpty(s, at, "pciID"), r.textOrEmpty(s, at, "driver"),
                r.bool(s, at, "physical"));
    }

    private static List<Route> routes(JsonNode parent, String at, TreeReader r) {
        List<Route> routes = new ArrayList<>();
        List<JsonNode> entries = r.objects(parent, at, "routes");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode route = entries.get(i);
            String field = YamlPath.index(YamlPath.field(at, "routes"), i);
            if (route != null) {
                routes.add(new Route(field, r.textOrEmpty(route, field, "network"), r.textOrEmpty(route, field, "gateway"),
                        r.textOrEmpty(route, field, "source"), r.unsigned(route, field, "metric", TreeReader.UINT32),
                        r.unsigned(route, field, "mtu", TreeReader.UINT32)));
            }
        }
        return routes;
    }

    private static Bond bond(JsonNode b, String at, TreeReader r) {
        if (b == null) {
            return null;
        }
        List<Selector> selectors = new ArrayList<>();
        List<JsonNode> entries = r.objects(b, at, "deviceSelectors");
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) != null) {
                selectors.add(selector(entries.get(i), YamlPath.index(YamlPath.field(at, "deviceSelectors"), i), r));
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        BOND_NAMES.keySet().forEach(key -> names.put(key, r.textOrEmpty(b, at, key)));
        Map<String, Long> numbers = new LinkedHashMap<>();
        BOND_NUMBERS.values().forEach(o -> numbers.put(o.key(), r.unsigned(b, at, o.key(), o.max())));
        return new Bond(at, r.texts(b, at, "interfaces"), selectors, r.texts(b, at, "arpIPTarget"), names, numbers,
                r.bool(b, at, "useCarrier"), r.textOrEmpty(b, at, "adActorSystem"), r.textOrEmpty(b, at, "primary"));
    }

    private static Bridge bridge(JsonNode b, String at, TreeReader r) {
        if (b == null) {
            return null;
        }
        JsonNode stp = r.object(b, at, "stp");
        JsonNode vlan = r.object(b, at, "vlan");
        return new Bridge(r.texts(b, at, "interfaces"),
                stp == null ? null : r.bool(stp, YamlPath.field(at, "stp"), "enabled"),
                vlan == null ? null : r.bool(vlan, YamlPath.field(at, "vlan"), "vlanFiltering"));
    }

    private static List<Vlan> vlans(JsonNode d, String at, TreeReader r) {
        if (!TreeReader.present(d, "vlans")) {
            return null;
        }
        List<Vlan> vlans = new ArrayList<>();
        List<JsonNode> entries = r.objects(d, at, "vlans");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode v = entries.get(i);
            String field = YamlPath.index(YamlPath.field(at, "vlans"), i);
            if (v != null) {
                vlans.add(new Vlan(field, r.texts(v, field, "addresses"), r.textOrEmpty(v, field, "cidr"),
                        routes(v, field, r), Boolean.TRUE.equals(r.bool(v, field, "dhcp")),
                        r.unsigned(v, field, "vlanId", TreeReader.UINT16), r.unsigned(v, field, "mtu", TreeReader.UINT32),
                        vip(r.object(v, field, "vip"), YamlPath.field(field, "vip"), r),
                        dhcpOptions(r.object(v, field, "dhcpOptions"), YamlPath.field(field, "dhcpOptions"), r)));
            }
        }
        return vlans;
    }

    private static DhcpOptions dhcpOptions(JsonNode o, String at, TreeReader r) {
        if (o == null) {
            return null;
        }
        return new DhcpOptions(r.unsigned(o, at, "routeMetric", TreeReader.UINT32), r.bool(o, at, "ipv4"),
                r.bool(o, at, "ipv6"));
    }

    private static Wireguard wireguard(JsonNode w, String at, TreeReader r) {
        if (w == null) {
            return null;
        }
        List<Peer> peers = new ArrayList<>();
        List<JsonNode> entries = r.objects(w, at, "peers");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode p = entries.get(i);
            String field = YamlPath.index(YamlPath.field(at, "peers"), i);
            if (p != null) {
                peers.add(new Peer(field, r.textOrEmpty(p, field, "publicKey"), r.textOrEmpty(p, field, "endpoint"),
                        r.text(p, field, "persistentKeepaliveInterval"), r.texts(p, field, "allowedIPs")));
            }
        }
        return new Wireguard(at, r.textOrEmpty(w, at, "privateKey"),
                r.integer(w, at, "listenPort", Integer.MIN_VALUE, Integer.MAX_VALUE),
                r.integer(w, at, "firewallMark", Integer.MIN_VALUE, Integer.MAX_VALUE), peers);
    }

    private static Vip vip(JsonNode v, String at, TreeReader r) {
        return v == null ? null : new Vip(at, r.textOrEmpty(v, at, "ip"));
    }

    @SafeVarargs
    private static <T extends Keyed> Map<String, T> ordered(T... options) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T option : options) {
            map.put(option.key(), option);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
