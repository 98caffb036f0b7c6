package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * talhelper's {@code ingressFirewall} ({defaultAction, rules[{name, portSelector{ports, protocol}, ingress[{subnet,
 * except}]}]}): a {@code NetworkDefaultActionConfig} (accept when unset) and one {@code NetworkRuleConfig} per rule,
 * written the way the Talos encoder writes them (lower-case protocol, {@code 80-80} as {@code 80}, canonical IPv6).
 */
final class IngressFirewall {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> ACTIONS = Set.of("accept", "block");
    private static final Set<String> PROTOCOLS = Set.of("icmp", "tcp", "udp", "icmpv6");

    private IngressFirewall() {
    }

    record PortRange(int lo, int hi) {
        JsonNode toNode() {
            return lo == hi ? NODES.numberNode(lo) : NODES.textNode(lo + "-" + hi);
        }

        @Override
        public String toString() {
            return lo + "-" + hi;
        }
    }

    /** talhelper's checks of the firewall at {@code at} (e.g. {@code nodes[0].ingressFirewall}). */
    static void validate(JsonNode firewall, String at, BiConsumer<String, String> error) {
        if (firewall == null || firewall.isNull() || firewall.isMissingNode()) {
            return;
        }
        if (!firewall.isObject()) {
            error.accept(at, "ingressFirewall is a mapping of defaultAction and rules");
            return;
        }
        JsonNode action = firewall.path("defaultAction");
        if (!action.isMissingNode() && !action.isNull() && !ACTIONS.contains(action.asText().toLowerCase(Locale.ROOT))) {
            error.accept(at + ".defaultAction", "\"" + action.asText() + "\" is not a valid default action (accept or block)");
        }
        JsonNode rules = firewall.path("rules");
        if (!rules.isMissingNode() && !rules.isNull() && !rules.isArray()) {
            error.accept(at + ".rules", "rules must be a list");
            return;
        }
        for (int k = 0; k < rules.size(); k++) {
            rule(rules.get(k), at + ".rules[" + k + "]", error);
        }
    }

    private static void rule(JsonNode rule, String at, BiConsumer<String, String> error) {
        if (rule.path("name").asText("").isEmpty()) {
            error.accept(at + ".name", "name is required");
        }
        JsonNode selector = rule.path("portSelector");
        String protocol = selector.path("protocol").asText("");
        if (!PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
            error.accept(at + ".portSelector.protocol", "\"" + protocol + "\" is not a valid protocol (tcp, udp, icmp or icmpv6)");
        }
        JsonNode ports = selector.path("ports");
        if (!ports.isMissingNode() && !ports.isNull() && !ports.isArray()) {
            error.accept(at + ".portSelector.ports", "ports must be a list of ports and lo-hi ranges");
        } else if (ports.isEmpty()) {
            error.accept(at + ".portSelector.ports", "portSelector.ports is required");
        } else {
            try {
                checkOverlaps(portRanges(ports));
            } catch (IllegalArgumentException e) {
                error.accept(at + ".portSelector.ports", e.getMessage());
            }
        }
        JsonNode ingress = rule.path("ingress");
        for (int i = 0; i < ingress.size(); i++) {
            String subnet = ingress.get(i).path("subnet").asText("");
            if (!Addresses.isCidr(subnet)) {
                error.accept(at + ".ingress[" + i + "].subnet", "invalid subnet: \"" + subnet + "\"");
            }
            JsonNode except = ingress.get(i).path("except");
            if (!except.isMissingNode() && !except.isNull() && !except.asText().isEmpty()
                    && !Addresses.isCidr(except.asText())) {
                error.accept(at + ".ingress[" + i + "].except", "invalid except: \"" + except.asText() + "\"");
            }
        }
    }

    /** Each entry is a port number or a {@code lo-hi} range. */
    static List<PortRange> portRanges(JsonNode ports) {
        List<PortRange> ranges = new ArrayList<>();
        for (JsonNode port : ports) {
            if (port.isIntegralNumber()) {
                int value = port.asInt();
                ranges.add(new PortRange(checkPort(value, port.asText()), value));
            } else {
                String text = port.asText();
                String[] parts = text.split("-", -1);
                if (parts.length != 2 || !parts[0].matches("[0-9]{1,5}") || !parts[1].matches("[0-9]{1,5}")) {
                    throw new IllegalArgumentException("invalid port range: \"" + text + "\"");
                }
                ranges.add(new PortRange(checkPort(Integer.parseInt(parts[0]), text), checkPort(Integer.parseInt(parts[1]), text)));
            }
        }
        return ranges;
    }

    private static int checkPort(int port, String written) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid port range: \"" + written + "\"");
        }
        return port;
    }

    /** Talos PortRanges.Validate: lo ≤ hi, and no two ranges overlap. */
    private static void checkOverlaps(List<PortRange> ranges) {
        List<PortRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(PortRange::lo));
        for (int i = 0; i < sorted.size(); i++) {
            PortRange range = sorted.get(i);
            if (range.lo() > range.hi()) {
                throw new IllegalArgumentException("invalid port range: " + range);
            }
            if (i > 0 && range.lo() <= sorted.get(i - 1).hi()) {
                throw new IllegalArgumentException("invalid port range: " + range + ", overlaps with " + sorted.get(i - 1));
            }
        }
    }

    /**
     * The documents of a validated firewall; none when it is unset. An empty {@code ingressFirewall: {}} is set (a
     * non-nil pointer to talhelper) and gives the default action alone.
     */
    static List<ObjectNode> documents(JsonNode firewall) {
        if (firewall == null || !firewall.isObject()) {
            return List.of();
        }
        List<ObjectNode> documents = new ArrayList<>();
        ObjectNode defaultAction = ExtraDocuments.document("NetworkDefaultActionConfig", null);
        JsonNode action = firewall.path("defaultAction");
        defaultAction.put("ingress", action.isTextual() ? action.asText().toLowerCase(Locale.ROOT) : "accept");
        documents.add(defaultAction);
        for (JsonNode rule : firewall.path("rules")) {
            ObjectNode document = ExtraDocuments.document("NetworkRuleConfig", rule.path("name").asText());
            ObjectNode selector = document.putObject("portSelector");
            ArrayNode ports = selector.putArray("ports");
            portRanges(rule.path("portSelector").path("ports")).forEach(p -> ports.add(p.toNode()));
            selector.put("protocol", rule.path("portSelector").path("protocol").asText().toLowerCase(Locale.ROOT));
            ArrayNode ingress = document.putArray("ingress");
            for (JsonNode source : rule.path("ingress")) {
                ObjectNode entry = ingress.addObject().put("subnet", canonicalPrefix(source.path("subnet").asText()));
                String except = source.path("except").asText("");
                if (!except.isEmpty()) {
                    entry.put("except", canonicalPrefix(except));
                }
            }
            documents.add(document);
        }
        return documents;
    }

    /** A prefix as Go's netip.Prefix prints it: IPv4 as written, IPv6 in RFC 5952 form; validated before. */
    static String canonicalPrefix(String prefix) {
        return GoNetValues.canonicalPrefix(prefix).orElse(prefix);
    }
}
