package dev.tailtalos.config.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * IP addresses, prefixes, ip:port pairs and durations parsed and printed the way Go's {@code net/netip} and
 * {@code time} packages do, since Talos documents carry their canonical forms (e.g. {@code fd00:0::1/64} is written
 * {@code fd00::1/64}, {@code 90s} is written {@code 1m30s}). Parsers return empty for what Go rejects.
 */
final class GoNetValues {

    private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoNetValues() {
    }

    /** An IP address without a zone, as {@code netip.ParseAddr} reads it (no leading zeros in IPv4 parts). */
    static Optional<byte[]> parseAddr(String text) {
        if (text == null || text.isEmpty() || text.contains("%")) {
            return Optional.empty();
        }
        return text.contains(":") ? parseIpv6(text) : parseIpv4(text);
    }

    /** {@code netip.ParsePrefix}: host bits are kept, the length has no sign or leading zeros. */
    static Optional<String> canonicalPrefix(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.lastIndexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<byte[]> addr = parseAddr(text.substring(0, slash));
        String bits = text.substring(slash + 1);
        if (addr.isEmpty() || !bits.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(bits) > addr.get().length * 8) {
            return Optional.empty();
        }
        return Optional.of(format(addr.get()) + "/" + bits);
    }

    /** An address, or a prefix, or a bare address as a host prefix (/32, /128): talhelper's address rule. */
    static Optional<String> canonicalAddressOrHost(String text) {
        Optional<String> prefix = canonicalPrefix(text);
        if (prefix.isPresent()) {
            return prefix;
        }
        return parseAddr(text).map(a -> format(a) + "/" + a.length * 8);
    }

    static Optional<String> canonicalAddr(String text) {
        return parseAddr(text).map(GoNetValues::format);
    }

    /** {@code netip.ParseAddrPort}: {@code 1.2.3.4:51820} or {@code [fd00::1]:51820}. */
    static Optional<String> canonicalAddrPort(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        String digits = port.replaceFirst("^0+(?=.)", "");
        if (!port.matches("[0-9]+") || digits.length() > 5 || Integer.parseInt(digits) > 65535) {
            return Optional.empty();
        }
        boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
        Optional<byte[]> addr = parseAddr(bracketed ? host.substring(1, host.length() - 1) : host);
        if (addr.isEmpty() || bracketed != (addr.get().length == 16)) {
            return Optional.empty();
        }
        String ip = format(addr.get());
        return Optional.of((bracketed ? "[" + ip + "]" : ip) + ":" + Integer.parseInt(digits));
    }

    static boolean isUnspecified(byte[] addr) {
        for (byte b : addr) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code time.ParseDuration} in nanoseconds, e.g. {@code 1m30s}, {@code 1.5h}, {@code -25s}. */
    static Optional<Long> parseDuration(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String s = text;
        boolean negative = s.startsWith("-");
        if (s.startsWith("-") || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Optional.of(0L);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && isNumberChar(s.charAt(i))) {
                i++;
            }
            String number = s.substring(start, i);
            if (!number.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")) {
                return Optional.empty();
            }
            int unitStart = i;
            while (i < s.length() && !isNumberChar(s.charAt(i))) {
                i++;
            }
            Long unit = UNITS.get(s.substring(unitStart, i));
            if (unit == null) {
                return Optional.empty();
            }
            total = total.add(new BigDecimal(number.endsWith(".") ? number + "0" : number).multiply(BigDecimal.valueOf(unit)));
        }
        total = total.setScale(0, RoundingMode.DOWN);
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Optional.empty();
        }
        return Optional.of(negative ? -total.longValue() : total.longValue());
    }

    private static boolean isNumberChar(char c) {
        return c >= '0' && c <= '9' || c == '.';
    }

    /** {@code time.Duration.String()}: {@code 25s}, {@code 1m30s}, {@code 1h0m0s}, {@code 1.5s}, {@code 500ms}. */
    static String formatDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        BigDecimal d = BigDecimal.valueOf(nanos).abs();
        if (d.compareTo(BigDecimal.valueOf(1_000_000_000L)) < 0) {
            long n = d.longValue();
            if (n < 1_000) {
                return sign + n + "ns";
            }
            return sign + fraction(d, n < 1_000_000 ? 1_000 : 1_000_000) + (n < 1_000_000 ? "µs" : "ms");
        }
        BigDecimal hour = BigDecimal.valueOf(3_600_000_000_000L);
        BigDecimal minute = BigDecimal.valueOf(60_000_000_000L);
        BigDecimal[] hours = d.divideAndRemainder(hour);
        BigDecimal[] minutes = hours[1].divideAndRemainder(minute);
        String seconds = fraction(minutes[1], 1_000_000_000L) + "s";
        if (hours[0].signum() > 0) {
            return sign + hours[0].toPlainString() + "h" + minutes[0].toPlainString() + "m" + seconds;
        }
        if (minutes[0].signum() > 0) {
            return sign + minutes[0].toPlainString() + "m" + seconds;
        }
        return sign + seconds;
    }

    private static String fraction(BigDecimal value, long unit) {
        BigDecimal scaled = value.divide(BigDecimal.valueOf(unit)).stripTrailingZeros();
        return scaled.scale() < 0 ? scaled.setScale(0).toPlainString() : scaled.toPlainString();
    }

    private static Optional<byte[]> parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] addr = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(parts[i]) > 255) {
                return Optional.empty();
            }
            addr[i] = (byte) Integer.parseInt(parts[i]);
        }
        return Optional.of(addr);
    }

    private static Optional<byte[]> parseIpv6(String text) {
        String s = text;
        byte[] tail = null;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.', lastColon) >= 0) {
            Optional<byte[]> v4 = parseIpv4(s.substring(lastColon + 1));
            if (v4.isEmpty()) {
                return Optional.empty();
            }
            tail = v4.get();
            s = s.substring(0, lastColon + 1) + "0:0";
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        String[] head = gap < 0 ? s.split(":", -1) : split(s.substring(0, gap));
        String[] rest = gap < 0 ? new String[0] : split(s.substring(gap + 2));
        int groups = head.length + rest.length;
        if (gap < 0 ? groups != 8 : groups > 7) {
            return Optional.empty();
        }
        byte[] addr = new byte[16];
        if (!putGroups(head, addr, 0) || !putGroups(rest, addr, 16 - rest.length * 2)) {
            return Optional.empty();
        }
        if (tail != null) {
            System.arraycopy(tail, 0, addr, 12, 4);
        }
        return Optional.of(addr);
    }

    private static String[] split(String groups) {
        return groups.isEmpty() ? new String[0] : groups.split(":", -1);
    }

    private static boolean putGroups(String[] groups, byte[] addr, int offset) {
        for (int i = 0; i < groups.length; i++) {
            if (!groups[i].matches("[0-9a-fA-F]{1,4}")) {
                return false;
            }
            int value = Integer.parseInt(groups[i], 16);
            addr[offset + 2 * i] = (byte) (value >> 8);
            addr[offset + 2 * i + 1] = (byte) value;
        }
        return true;
    }

    /** Go's {@code Addr.String()}: dotted IPv4, RFC 5952 IPv6, {@code ::ffff:a.b.c.d} for IPv4-mapped. */
    static String format(byte[] addr) {
        if (addr.length == 4) {
            return (addr[0] & 0xff) + "." + (addr[1] & 0xff) + "." + (addr[2] & 0xff) + "." + (addr[3] & 0xff);
        }
        boolean mapped = addr[10] == (byte) 0xff && addr[11] == (byte) 0xff;
        for (int i = 0; i < 10 && mapped; i++) {
            mapped = addr[i] == 0;
        }
        if (mapped) {
            return "::ffff:" + format(java.util.Arrays.copyOfRange(addr, 12, 16));
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((addr[2 * i] & 0xff) << 8) | (addr[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
