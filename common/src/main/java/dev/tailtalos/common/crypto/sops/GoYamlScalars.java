package dev.tailtalos.common.crypto.sops;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scalar typing and byte forms exactly as sops sees them: plain YAML scalars resolved like go-yaml v3
 * ({@code yes}/{@code on} stay strings), and values turned into bytes like sops {@code ToBytes}
 * (bools {@code True}/{@code False}, floats in Go's shortest 'f' form, times as RFC3339Nano).
 */
public final class GoYamlScalars {
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> TRUES = Set.of("true", "True", "TRUE");
    private static final Set<String> FALSES = Set.of("false", "False", "FALSE");
    private static final Set<String> POS_INF = Set.of(".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF");
    private static final Set<String> NEG_INF = Set.of("-.inf", "-.Inf", "-.INF");
    private static final Set<String> NAN = Set.of(".nan", ".NaN", ".NAN");
    private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:([Tt ])(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})?)?$");

    private GoYamlScalars() {
    }

    /** The value go-yaml v3 gives a plain (unquoted, untagged) scalar: null, Boolean, Long, BigInteger, Double, GoTime or String. */
    public static Object resolvePlain(String in) {
        if (NULLS.contains(in)) {
            return null;
        }
        if (TRUES.contains(in)) {
            return Boolean.TRUE;
        }
        if (FALSES.contains(in)) {
            return Boolean.FALSE;
        }
        if (POS_INF.contains(in)) {
            return Double.POSITIVE_INFINITY;
        }
        if (NEG_INF.contains(in)) {
            return Double.NEGATIVE_INFINITY;
        }
        if (NAN.contains(in)) {
            return Double.NaN;
        }
        char c = in.charAt(0);
        if (c == '.') {
            return YAML_FLOAT.matcher(in).matches() ? parseFloat(in) : in;
        }
        if (c != '+' && c != '-' && (c < '0' || c > '9')) {
            return in;
        }
        if (c >= '0' && c <= '9') {
            GoTime t = parseTimestamp(in);
            if (t != null) {
                return t;
            }
        }
        String plain = in.replace("_", "");
        Object integer = parseGoInt(plain);
        if (integer != null) {
            return integer;
        }
        if (YAML_FLOAT.matcher(plain).matches()) {
            return parseFloat(plain);
        }
        return in;
    }

    private static Double parseFloat(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Go {@code strconv.ParseInt(s, 0, 64)} then {@code ParseUint}: 0x, 0o, 0b and leading-0 octal. */
    static Object parseGoInt(String s) {
        if (s.isEmpty()) {
            return null;
        }
        boolean negative = s.startsWith("-");
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        int radix = 10;
        String lower = body.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            body = body.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            body = body.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            body = body.substring(2);
        } else if (body.length() > 1 && body.startsWith("0")) {
            radix = 8;
            body = body.substring(1);
        }
        if (body.isEmpty() || body.startsWith("+") || body.startsWith("-")) {
            return null;
        }
        try {
            BigInteger v = new BigInteger(body, radix);
            if (negative) {
                v = v.negate();
            }
            if (v.bitLength() < 64) {
                return v.longValueExact();
            }
            if (!negative && v.bitLength() <= 64) {
                return v;
            }
            return null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static GoTime parseTimestamp(String in) {
        Matcher m = TIMESTAMP.matcher(in);
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                return new GoTime(date.atStartOfDay().atOffset(ZoneOffset.UTC));
            }
            boolean spaced = m.group(4).equals(" ");
            if (!spaced && m.group(9) == null) {
                return null;
            }
            if (spaced && m.group(9) != null) {
                return null;
            }
            int nanos = m.group(8) == null ? 0 : Integer.parseInt((m.group(8).substring(1) + "000000000").substring(0, 9));
            LocalDateTime ldt = date.atTime(Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                    Integer.parseInt(m.group(7)), nanos);
            ZoneOffset offset = m.group(9) == null || m.group(9).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(9));
            return new GoTime(ldt.atOffset(offset));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The sops type name of a value: str, int, float, bool, time or comment. */
    public static String typeOf(Object value) {
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof GoTime) {
            return "time";
        }
        if (value instanceof SopsComment) {
            return "comment";
        }
        throw new IllegalArgumentException("sops cannot encrypt a value of type " + value.getClass().getSimpleName());
    }

    /** sops {@code ToBytes}: the bytes that are encrypted and hashed into the MAC. */
    public static byte[] toBytes(Object value) {
        String s;
        if (value instanceof String str) {
            s = str;
        } else if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
            s = value.toString();
        } else if (value instanceof Double d) {
            s = formatFloat(d);
        } else if (value instanceof Boolean b) {
            s = b ? "True" : "False";
        } else if (value instanceof GoTime t) {
            s = t.rfc3339Nano();
        } else if (value instanceof SopsComment c) {
            s = c.text();
        } else {
            throw new IllegalArgumentException("sops cannot convert a value of type "
                    + (value == null ? "null" : value.getClass().getSimpleName()) + " to bytes");
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The value of decrypted bytes of the given sops type; errors never contain the bytes. */
    public static Object fromBytes(String type, byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        switch (type) {
            case "str":
            case "bytes":
                return s;
            case "comment":
                return new SopsComment(s);
            case "int":
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("decrypted value of type int is not an integer");
                }
            case "float":
                try {
                    return switch (s) {
                        case "+Inf", "Inf", "inf", "+inf" -> Double.POSITIVE_INFINITY;
                        case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
                        case "NaN" -> Double.NaN;
                        default -> Double.parseDouble(s);
                    };
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("decrypted value of type float is not a number");
                }
            case "bool":
                return switch (s) {
                    case "1", "t", "T", "TRUE", "true", "True" -> true;
                    case "0", "f", "F", "FALSE", "false", "False" -> false;
                    default -> throw new IllegalArgumentException("decrypted value of type bool is not a boolean");
                };
            case "time":
                try {
                    return new GoTime(OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("decrypted value of type time is not an RFC 3339 time");
                }
            default:
                throw new IllegalArgumentException("unknown sops value type '" + type + "'");
        }
    }

    /** Go {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest digits that round-trip, never an exponent. */
    public static String formatFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v) < 0 ? "-0" : "0";
        }
        for (int precision = 1; precision <= 17; precision++) {
            String candidate = String.format(Locale.ROOT, "%." + (precision - 1) + "e", v);
            if (Double.parseDouble(candidate) == v) {
                return new BigDecimal(candidate).stripTrailingZeros().toPlainString();
            }
        }
        return new BigDecimal(v).toPlainString();
    }

    /** go-yaml's float text: Go {@code strconv.FormatFloat(v, 'g', -1, 64)} with .inf/-.inf/.nan. */
    public static String formatFloatYaml(double v) {
        if (Double.isNaN(v)) {
            return ".nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? ".inf" : "-.inf";
        }
        if (v == 0) {
            return (1 / v) < 0 ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(formatFloat(v)).stripTrailingZeros();
        int exp = shortest.precision() - shortest.scale() - 1;
        if (exp >= -4 && exp < 6) {
            return shortest.toPlainString();
        }
        String digits = shortest.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder(v < 0 ? "-" : "").append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        String e = Integer.toString(Math.abs(exp));
        return sb.append(e.length() < 2 ? "0" + e : e).toString();
    }
}
