package dev.tailtalos.monitor.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where to dial a tailnet address: IPv4 prefix translations such as {@code 100.64.0.0/16=127.100.0.0/16}, which keep the
 * host bits. Used when the tailnet is reached through stand-ins (the node simulator serves device 100.64.x.y on
 * 127.100.x.y), so the 100.x address is rendered and checked but never dialed.
 *
 * @param rules translations in the order given; the first whose source prefix holds the address applies
 */
public record TailnetAddressMap(List<Rule> rules) {

    /** {@code from/length} translated to {@code to/length}. */
    public record Rule(int from, int to, int length) {
        int mask() {
            return length == 0 ? 0 : -1 << (32 - length);
        }

        boolean holds(int address) {
            return (address & mask()) == (from & mask());
        }

        int translate(int address) {
            return (to & mask()) | (address & ~mask());
        }
    }

    public static final TailnetAddressMap NONE = new TailnetAddressMap(List.of());

    public TailnetAddressMap {
        rules = List.copyOf(rules);
    }

    /**
     * Parses {@code FROM/LEN=TO/LEN[,...]} (blank: no translation).
     *
     * @param property the property name, for error messages
     * @throws IllegalArgumentException naming the property, the entry and what is wrong with it
     */
    public static TailnetAddressMap parse(String property, String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            String[] sides = trimmed.split("=");
            if (sides.length != 2) {
                throw new IllegalArgumentException(property + ": entry '" + trimmed
                        + "' must be FROM/LEN=TO/LEN, e.g. 100.64.0.0/16=127.100.0.0/16");
            }
            int[] from = prefix(property, trimmed, sides[0].trim());
            int[] to = prefix(property, trimmed, sides[1].trim());
            if (from[1] != to[1]) {
                throw new IllegalArgumentException(property + ": entry '" + trimmed
                        + "' maps a /" + from[1] + " onto a /" + to[1] + "; both prefixes must have the same length");
            }
            rules.add(new Rule(from[0], to[0], from[1]));
        }
        return new TailnetAddressMap(rules);
    }

    /** The address to dial for a tailnet address, if a rule covers it (IPv4 only). */
    public Optional<String> translate(String address) {
        Optional<Integer> parsed = ipv4(address);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        int value = parsed.get();
        return rules.stream().filter(r -> r.holds(value)).findFirst().map(r -> format(r.translate(value)));
    }

    private static int[] prefix(String property, String entry, String cidr) {
        String[] parts = cidr.split("/");
        Optional<Integer> address = parts.length == 2 ? ipv4(parts[0]) : Optional.empty();
        int length;
        try {
            length = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (address.isEmpty() || length < 0 || length > 32) {
            throw new IllegalArgumentException(property + ": entry '" + entry + "': '" + cidr
                    + "' is not an IPv4 prefix like 100.64.0.0/16");
        }
        return new int[]{address.get(), length};
    }

    private static Optional<Integer> ipv4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return Optional.empty();
        }
        int value = 0;
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int n = Integer.parseInt(octet);
            if (n > 255) {
                return Optional.empty();
            }
            value = value << 8 | n;
        }
        return Optional.of(value);
    }

    private static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }
}
