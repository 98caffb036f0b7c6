package dev.tailtalos.common.gotemplate;

import java.util.List;

/** fmt.Sprintf for the verbs templates use: %v %s %q %d %t %f %e %g %x %X %o %b %c %%, flags, width, precision. */
final class GoFormat {

    private GoFormat() {
    }

    static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            StringBuilder flags = new StringBuilder();
            while (i < format.length() && "+-# 0".indexOf(format.charAt(i)) >= 0) {
                flags.append(format.charAt(i++));
            }
            int width = -1;
            int start = i;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                i++;
            }
            if (i > start) {
                width = Integer.parseInt(format.substring(start, i));
            }
            int precision = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                start = ++i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (next >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object arg = args.get(next++);
            String text = verb(verb, flags.toString(), precision, arg);
            out.append(pad(text, width, flags.toString(), arg, verb));
        }
        if (next < args.size()) {
            out.append("%!(EXTRA ");
            for (int j = next; j < args.size(); j++) {
                out.append(j > next ? ", " : "").append(GoValues.typeName(args.get(j))).append('=')
                        .append(GoValues.format(args.get(j)));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String verb(char verb, String flags, int precision, Object arg) {
        switch (verb) {
            case 'v':
                return arg instanceof Double d && precision >= 0 ? String.format("%." + precision + "g", d)
                        : GoValues.format(arg);
            case 's':
                if (arg == null || arg instanceof Long || arg instanceof Boolean || arg instanceof Double) {
                    return bad(verb, arg);
                }
                String s = GoValues.format(arg);
                return precision >= 0 && s.length() > precision ? s.substring(0, precision) : s;
            case 'q':
                if (arg instanceof String str) {
                    return GoValues.quote(str);
                }
                if (arg instanceof Long l) {
                    return "'" + new String(Character.toChars(l.intValue())) + "'";
                }
                return bad(verb, arg);
            case 't':
                return arg instanceof Boolean ? arg.toString() : bad(verb, arg);
            case 'd':
                if (arg instanceof Long l) {
                    return (flags.contains("+") && l >= 0 ? "+" : "") + l;
                }
                return bad(verb, arg);
            case 'x', 'X', 'o', 'b':
                if (arg instanceof Long l) {
                    String digits = switch (verb) {
                        case 'o' -> Long.toOctalString(Math.abs(l));
                        case 'b' -> Long.toBinaryString(Math.abs(l));
                        default -> Long.toHexString(Math.abs(l));
                    };
                    return (l < 0 ? "-" : "") + (verb == 'X' ? digits.toUpperCase() : digits);
                }
                if (arg instanceof String str && (verb == 'x' || verb == 'X')) {
                    StringBuilder hex = new StringBuilder();
                    for (byte b : str.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                        hex.append(String.format(verb == 'x' ? "%02x" : "%02X", b));
                    }
                    return hex.toString();
                }
                return bad(verb, arg);
            case 'c':
                return arg instanceof Long l ? new String(Character.toChars(l.intValue())) : bad(verb, arg);
            case 'f', 'F', 'e', 'E', 'g', 'G':
                if (arg instanceof Double || arg instanceof Long) {
                    double d = ((Number) arg).doubleValue();
                    if (arg instanceof Long) {
                        return bad(verb, arg);
                    }
                    if ((verb == 'g' || verb == 'G') && precision < 0) {
                        return GoValues.formatFloat(d);
                    }
                    String javaVerb = verb == 'F' ? "f" : String.valueOf(verb);
                    String text = String.format("%" + (flags.contains("+") ? "+" : "") + "."
                            + (precision < 0 ? 6 : precision) + javaVerb, d);
                    return text.replaceAll("e([+-])(\\d)$", "e$10$2");
                }
                return bad(verb, arg);
            default:
                return bad(verb, arg);
        }
    }

    private static String bad(char verb, Object arg) {
        if (arg == null) {
            return "%!" + verb + "(<nil>)";
        }
        return "%!" + verb + "(" + GoValues.typeName(arg) + "=" + GoValues.format(arg) + ")";
    }

    private static String pad(String text, int width, String flags, Object arg, char verb) {
        int length = text.codePointCount(0, text.length());
        if (width <= length) {
            return text;
        }
        String padding;
        if (flags.contains("-")) {
            return text + " ".repeat(width - length);
        }
        if (flags.contains("0") && (arg instanceof Long || arg instanceof Double) && verb != 's' && verb != 'v') {
            boolean sign = text.startsWith("-") || text.startsWith("+");
            padding = "0".repeat(width - length);
            return sign ? text.charAt(0) + padding + text.substring(1) : padding + text;
        }
        return " ".repeat(width - length) + text;
    }
}
