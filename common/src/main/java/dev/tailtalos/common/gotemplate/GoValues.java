package dev.tailtalos.common.gotemplate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Go semantics over the Java values templates see: String, Boolean, Long (every Go integer), Double, List (slices),
 * {@link GoMap}, {@link GoStruct}, {@link GoNil}, null (a nil interface) and {@link #MISSING} (Go's invalid value,
 * e.g. a missing map key).
 */
final class GoValues {

    /** Go's invalid reflect.Value: prints as {@code <no value>}, becomes nil when passed to a function. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    /** A nil slice: behaves like an empty one, but encodes to JSON as null. */
    static final List<Object> NIL_SLICE = java.util.Collections.unmodifiableList(new java.util.ArrayList<>());

    private GoValues() {
    }

    /** text/template's truth: false, 0, nil, and empty strings, slices and maps are false; structs are true. */
    static boolean truth(Object value) {
        if (value == null || value == MISSING || value instanceof GoNil) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Long l) {
            return l != 0;
        }
        if (value instanceof Double d) {
            return d != 0;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (value instanceof GoMap m) {
            return !m.entries().isEmpty();
        }
        return true;
    }

    /** sprig's empty: like {@code !truth}, but a struct is never empty and neither is a struct pointer. */
    static boolean empty(Object value) {
        return !truth(value);
    }

    static String typeName(Object value) {
        if (value == null || value == MISSING) {
            return "<nil>";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof Double) {
            return "float64";
        }
        if (value instanceof List<?>) {
            return "[]interface {}";
        }
        if (value instanceof GoMap m) {
            return m.goType();
        }
        if (value instanceof GoStruct s) {
            return s.goType();
        }
        if (value instanceof GoNil n) {
            return n.goType();
        }
        return value.getClass().getSimpleName();
    }

    /** fmt.Sprint of one operand (Go's %v). */
    static String format(Object value) {
        if (value == null || value == MISSING) {
            return "<nil>";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double d) {
            return formatFloat(d);
        }
        if (value instanceof GoNil) {
            return "<nil>";
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(format(v)));
            return "[" + String.join(" ", parts) + "]";
        }
        if (value instanceof GoMap map) {
            List<String> parts = new ArrayList<>();
            map.entries().forEach((k, v) -> parts.add(k + ":" + format(v)));
            return "map[" + String.join(" ", parts) + "]";
        }
        if (value instanceof GoStruct struct) {
            List<String> parts = new ArrayList<>();
            struct.printedValues().forEach(v -> parts.add(format(v)));
            return (struct.goType().startsWith("*") ? "&{" : "{") + String.join(" ", parts) + "}";
        }
        return String.valueOf(value);
    }

    /** What an action prints: like {@link #format}, with Go's {@code <no value>} for nothing. */
    static String print(Object value) {
        if (value == null || value == MISSING) {
            return "<no value>";
        }
        return format(value);
    }

    /** fmt.Sprint: a space between operands when neither is a string. */
    static String sprint(List<Object> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0 && !(args.get(i) instanceof String) && !(args.get(i - 1) instanceof String)) {
                out.append(' ');
            }
            out.append(format(args.get(i)));
        }
        return out.toString();
    }

    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = exact.precision() - exact.scale() - 1;
        if (exponent < -4 || exponent >= 21) {
            String digits = exact.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return exact.toPlainString();
    }

    enum Kind { BOOL, INT, FLOAT, STRING, OTHER, INVALID }

    static Kind kind(Object value) {
        if (value == null || value == MISSING) {
            return Kind.INVALID;
        }
        if (value instanceof Boolean) {
            return Kind.BOOL;
        }
        if (value instanceof Long) {
            return Kind.INT;
        }
        if (value instanceof Double) {
            return Kind.FLOAT;
        }
        if (value instanceof String) {
            return Kind.STRING;
        }
        return Kind.OTHER;
    }

    /** The builtin {@code eq arg1 arg2}. */
    static boolean equal(Object a, Object b) {
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka == Kind.INVALID || kb == Kind.INVALID) {
            return isNil(a) && isNil(b);
        }
        if (ka != kb) {
            if (ka != Kind.INVALID && kb != Kind.INVALID) {
                throw new IllegalArgumentException("incompatible types for comparison: " + typeName(a) + " and "
                        + typeName(b));
            }
            return false;
        }
        return switch (ka) {
            case INVALID -> true;
            case FLOAT -> ((Double) a).doubleValue() == (Double) b;
            case OTHER -> {
                boolean nilA = a instanceof GoNil;
                boolean nilB = b instanceof GoNil;
                if (nilA || nilB) {
                    yield nilA == nilB;
                }
                if (a instanceof List<?> || a instanceof GoMap || b instanceof List<?> || b instanceof GoMap) {
                    throw new IllegalArgumentException("non-comparable type " + format(a) + ": " + typeName(a));
                }
                yield a.equals(b);
            }
            default -> a.equals(b);
        };
    }

    private static boolean isNil(Object value) {
        return value == null || value == MISSING || value instanceof GoNil;
    }

    /** The builtin {@code lt arg1 arg2}. */
    static boolean less(Object a, Object b) {
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka == Kind.INVALID || kb == Kind.INVALID || ka == Kind.OTHER || kb == Kind.OTHER || ka == Kind.BOOL) {
            throw new IllegalArgumentException("invalid type for comparison");
        }
        if (ka != kb) {
            throw new IllegalArgumentException("incompatible types for comparison: " + typeName(a) + " and "
                    + typeName(b));
        }
        return switch (ka) {
            case INT -> (Long) a < (Long) b;
            case FLOAT -> (Double) a < (Double) b;
            default -> ((String) a).compareTo((String) b) < 0;
        };
    }

    static int length(Object value) {
        if (value instanceof String s) {
            return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (value instanceof List<?> l) {
            return l.size();
        }
        if (value instanceof GoMap m) {
            return m.entries().size();
        }
        throw new IllegalArgumentException("len of type " + typeName(value));
    }

    /** Go's strconv.Quote (what %q and sprig's quote write). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case 11 -> out.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** encoding/json of a value; structs use Go field names (Talos types have no json tags). */
    static String toJson(Object value) {
        StringBuilder out = new StringBuilder();
        json(value, out);
        return out.toString();
    }

    private static void json(Object value, StringBuilder out) {
        if (value == null || value == MISSING || value instanceof GoNil || value == NIL_SLICE
                || (value instanceof GoMap m && m.nil())) {
            out.append("null");
        } else if (value instanceof String s) {
            out.append(jsonString(s));
        } else if (value instanceof Double d) {
            out.append(formatFloat(d));
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i > 0 ? "," : "");
                json(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof GoMap map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : map.entries().entrySet()) {
                out.append(first ? "" : ",").append(jsonString(e.getKey())).append(':');
                json(e.getValue(), out);
                first = false;
            }
            out.append('}');
        } else if (value instanceof GoStruct struct) {
            out.append('{');
            boolean first = true;
            for (String field : struct.fieldNames()) {
                out.append(first ? "" : ",").append(jsonString(field)).append(':');
                json(struct.field(field), out);
                first = false;
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
