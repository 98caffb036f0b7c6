package dev.tailtalos.common.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a service answers to in the {@code Host} header: localhost, 127.0.0.1 and [::1] always, plus configured
 * ones. A page on another site that rebinds its DNS name to this address still sends its own name and is refused.
 */
public final class HostAllowlist {
    public static final List<String> DEFAULTS = List.of("localhost", "127.0.0.1", "[::1]");
    private final Set<String> names;

    public HostAllowlist(List<String> configured) {
        Set<String> all = new LinkedHashSet<>(DEFAULTS);
        for (String name : configured) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (!n.isEmpty()) {
                all.add(n.contains(":") && !n.startsWith("[") ? "[" + n + "]" : n);
            }
        }
        this.names = Set.copyOf(all);
    }

    public Set<String> names() {
        return names;
    }

    /** Whether a {@code Host} header value (name or address, optional port) is one of ours. */
    public boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || !(close == host.length() - 1 || isPort(host.substring(close + 1)))) {
                return false;
            }
            host = host.substring(0, close + 1);
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0) {
                if (!isPort(host.substring(colon))) {
                    return false;
                }
                host = host.substring(0, colon);
            }
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return names.contains(host);
    }

    private static boolean isPort(String colonAndDigits) {
        return colonAndDigits.length() > 1 && colonAndDigits.length() <= 6 && colonAndDigits.charAt(0) == ':'
                && colonAndDigits.substring(1).chars().allMatch(Character::isDigit);
    }
}
