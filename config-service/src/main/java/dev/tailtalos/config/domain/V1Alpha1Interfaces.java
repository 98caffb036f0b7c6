package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A {@code networkInterfaces} entry as it lands in {@code machine.network.interfaces} before Talos 1.12: talhelper
 * binds it to Talos's v1alpha1 {@code Device} structs and the Talos encoder writes them back, so unknown keys vanish,
 * fields without omitempty appear with their zero value (a VLAN's {@code routes: []}, a route's {@code network: ""},
 * {@code dhcpOptions.routeMetric: 0}) and durations come out in Go form ({@code 90s} as {@code 1m30s}).
 * The entries were checked by {@link NetworkDocuments#forNode} already.
 */
final class V1Alpha1Interfaces {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private enum Kind { STRING, NUMBER, BOOL, DURATION, STRINGS, OBJECT, OBJECTS }

    /** One Go struct field: its YAML key, kind, omitempty, and for objects the nested struct. */
    private record Field(String key, Kind kind, boolean omitEmpty, List<Field> struct) {
    }

    private static Field field(String key, Kind kind, boolean omitEmpty) {
        return new Field(key, kind, omitEmpty, List.of());
    }

    private static Field struct(String key, Kind kind, List<Field> struct) {
        return new Field(key, kind, true, struct);
    }

    private static List<Field> strings(String... keys) {
        return java.util.Arrays.stream(keys).map(k -> field(k, Kind.STRING, true)).toList();
    }

    private static final List<Field> SELECTOR = List.of(field("busPath", Kind.STRING, true),
            field("hardwareAddr", Kind.STRING, true), field("permanentAddr", Kind.STRING, true),
            field("pciID", Kind.STRING, true), field("driver", Kind.STRING, true), field("physical", Kind.BOOL, true));
    private static final List<Field> ROUTE = List.of(field("network", Kind.STRING, false),
            field("gateway", Kind.STRING, false), field("source", Kind.STRING, true),
            field("metric", Kind.NUMBER, true), field("mtu", Kind.NUMBER, true));
    private static final List<Field> BOND = concat(List.of(field("interfaces", Kind.STRINGS, false),
            struct("deviceSelectors", Kind.OBJECTS, SELECTOR), field("arpIPTarget", Kind.STRINGS, true),
            field("mode", Kind.STRING, false)), strings("xmitHashPolicy", "lacpRate", "adActorSystem", "arpValidate",
            "arpAllTargets", "primary", "primaryReselect", "failOverMac", "adSelect"),
            List.of("miimon", "updelay", "downdelay", "arpInterval", "resendIgmp", "minLinks", "lpInterval",
                    "packetsPerSlave", "numPeerNotif", "tlbDynamicLb", "allSlavesActive").stream()
                    .map(k -> field(k, Kind.NUMBER, true)).toList(),
            List.of(field("useCarrier", Kind.BOOL, true), field("adActorSysPrio", Kind.NUMBER, true),
                    field("adUserPortKey", Kind.NUMBER, true), field("peerNotifyDelay", Kind.NUMBER, true)));
    private static final List<Field> BRIDGE = List.of(field("interfaces", Kind.STRINGS, false),
            struct("stp", Kind.OBJECT, List.of(field("enabled", Kind.BOOL, true))),
            struct("vlan", Kind.OBJECT, List.of(field("vlanFiltering", Kind.BOOL, true))));
    private static final List<Field> DHCP_OPTIONS = List.of(field("routeMetric", Kind.NUMBER, false),
            field("ipv4", Kind.BOOL, true), field("ipv6", Kind.BOOL, true), field("duidv6", Kind.STRING, true));
    private static final List<Field> API_TOKEN = List.of(field("apiToken", Kind.STRING, false));
    private static final List<Field> VIP = List.of(field("ip", Kind.STRING, true),
            struct("equinixMetal", Kind.OBJECT, API_TOKEN), struct("hcloud", Kind.OBJECT, API_TOKEN));
    private static final List<Field> VLAN = List.of(field("addresses", Kind.STRINGS, true),
            field("cidr", Kind.STRING, true), new Field("routes", Kind.OBJECTS, false, ROUTE),
            field("dhcp", Kind.BOOL, true), field("vlanId", Kind.NUMBER, false), field("mtu", Kind.NUMBER, true),
            struct("vip", Kind.OBJECT, VIP), struct("dhcpOptions", Kind.OBJECT, DHCP_OPTIONS));
    private static final List<Field> PEER = List.of(field("publicKey", Kind.STRING, true),
            field("endpoint", Kind.STRING, true), field("persistentKeepaliveInterval", Kind.DURATION, true),
            field("allowedIPs", Kind.STRINGS, true));
    private static final List<Field> WIREGUARD = List.of(field("privateKey", Kind.STRING, true),
            field("listenPort", Kind.NUMBER, true), field("firewallMark", Kind.NUMBER, true),
            struct("peers", Kind.OBJECTS, PEER));
    private static final List<Field> DEVICE = List.of(field("interface", Kind.STRING, true),
            struct("deviceSelector", Kind.OBJECT, SELECTOR), field("addresses", Kind.STRINGS, true),
            field("cidr", Kind.STRING, true), struct("routes", Kind.OBJECTS, ROUTE), struct("bond", Kind.OBJECT, BOND),
            struct("bridge", Kind.OBJECT, BRIDGE),
            struct("bridgePort", Kind.OBJECT, List.of(field("master", Kind.STRING, true))),
            struct("vlans", Kind.OBJECTS, VLAN), field("mtu", Kind.NUMBER, true), field("dhcp", Kind.BOOL, true),
            field("ignore", Kind.BOOL, true), field("dummy", Kind.BOOL, true),
            struct("dhcpOptions", Kind.OBJECT, DHCP_OPTIONS), struct("wireguard", Kind.OBJECT, WIREGUARD),
            struct("vip", Kind.OBJECT, VIP));

    private V1Alpha1Interfaces() {
    }

    static ObjectNode encode(JsonNode device) {
        return encode(device, DEVICE);
    }

    private static ObjectNode encode(JsonNode value, List<Field> struct) {
        ObjectNode out = NODES.objectNode();
        for (Field f : struct) {
            JsonNode v = value.get(f.key());
            boolean present = v != null && !v.isNull() && !v.isMissingNode();
            switch (f.kind()) {
                case STRING -> {
                    String text = present ? v.asText() : "";
                    if (!(f.omitEmpty() && text.isEmpty())) {
                        out.put(f.key(), text);
                    }
                }
                case NUMBER -> {
                    long number = present ? v.asLong() : 0;
                    if (!(f.omitEmpty() && number == 0)) {
                        out.set(f.key(), number <= Integer.MAX_VALUE && number >= Integer.MIN_VALUE
                                ? NODES.numberNode((int) number) : NODES.numberNode(number));
                    }
                }
                case BOOL -> {
                    if (present) {
                        out.put(f.key(), v.asBoolean());
                    }
                }
                case DURATION -> {
                    long nanos = present ? GoNetValues.parseDuration(v.asText()).orElse(0L) : 0;
                    if (!(f.omitEmpty() && nanos == 0)) {
                        out.put(f.key(), GoNetValues.formatDuration(nanos));
                    }
                }
                case STRINGS -> {
                    ArrayNode list = NODES.arrayNode();
                    if (present) {
                        v.forEach(item -> list.add(item.asText()));
                    }
                    if (!(f.omitEmpty() && list.isEmpty())) {
                        out.set(f.key(), list);
                    }
                }
                case OBJECT -> {
                    if (present) {
                        out.set(f.key(), encode(v, f.struct()));
                    }
                }
                case OBJECTS -> {
                    ArrayNode list = NODES.arrayNode();
                    if (present) {
                        v.forEach(item -> list.add(encode(item, f.struct())));
                    }
                    if (!(f.omitEmpty() && list.isEmpty())) {
                        out.set(f.key(), list);
                    }
                }
            }
        }
        return out;
    }

    @SafeVarargs
    private static List<Field> concat(List<Field>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
