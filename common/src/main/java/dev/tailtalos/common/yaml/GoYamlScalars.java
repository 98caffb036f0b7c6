package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves plain (unquoted, untagged) scalars as go-yaml v3 does (its resolve table, what talhelper and Talos decode
 * with): {@code true/True/TRUE}, {@code false/...} are booleans, {@code null/Null/NULL/~} and the empty scalar are null;
 * integers as Go's {@code strconv.ParseInt(s, 0, 64)} reads them after dropping underscores (decimal, {@code 0x},
 * {@code 0o}, {@code 0b}, and YAML 1.1 octal {@code 0755}), then floats; {@code yes}/{@code no}/{@code on}/{@code off}
 * and timestamps stay strings.
 */
final class GoYamlScalars {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> TRUE = Set.of("true", "True", "TRUE");
    private static final Set<String> FALSE = Set.of("false", "False", "FALSE");
    private static final Set<String> NULL = Set.of("", "~", "null", "Null", "NULL");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern INFINITY = Pattern.compile("[-+]?\\.(inf|Inf|INF)");
    private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private GoYamlScalars() {
    }

    static JsonNode plain(String text) {
        if (NULL.contains(text)) {
            return NODES.nullNode();
        }
        if (TRUE.contains(text)) {
            return new SourceText.Bool(true, text);
        }
        if (FALSE.contains(text)) {
            return new SourceText.Bool(false, text);
        }
        char first = text.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return NODES.textNode(text);
        }
        String plain = text.replace("_", "");
        BigInteger integer = goInteger(plain);
        if (integer != null) {
            return integerNode(integer, text);
        }
        if (FLOAT.matcher(plain).matches()) {
            return new SourceText.Float(Double.parseDouble(plain), text);
        }
        if (INFINITY.matcher(text).matches()) {
            return new SourceText.Float(text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, text);
        }
        if (NAN.matcher(text).matches()) {
            return new SourceText.Float(Double.NaN, text);
        }
        return NODES.textNode(text);
    }

    /** Explicitly tagged scalars ({@code !!int "10"}); null when the tag is not one of YAML's core scalar tags. */
    static JsonNode tagged(String tag, String text) {
        return switch (tag) {
            case "tag:yaml.org,2002:str", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:timestamp" -> NODES.textNode(text);
            case "tag:yaml.org,2002:null" -> NODES.nullNode();
            case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float" -> {
                JsonNode node = plain(text);
                yield node.isTextual() || node.isNull() ? null : node;
            }
            default -> NODES.textNode(text);
        };
    }

    /** Go's ParseInt/ParseUint with base 0: an optional sign, then 0x / 0o / 0b / leading-0 octal or decimal. */
    private static BigInteger goInteger(String text) {
        boolean negative = text.startsWith("-");
        String digits = negative || text.startsWith("+") ? text.substring(1) : text;
        if (digits.isEmpty()) {
            return null;
        }
        int radix = 10;
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            char base = Character.toLowerCase(digits.charAt(1));
            radix = switch (base) {
                case 'x' -> 16;
                case 'o' -> 8;
                case 'b' -> 2;
                default -> 8;
            };
            digits = base == 'x' || base == 'o' || base == 'b' ? digits.substring(2) : digits.substring(1);
        }
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        try {
            BigInteger value = new BigInteger(digits, radix);
            value = negative ? value.negate() : value;
            boolean fits = value.bitLength() < 64 || (!negative && value.compareTo(MAX_UINT64) <= 0);
            return fits ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode integerNode(BigInteger value, String text) {
        if (value.bitLength() < 32) {
            return new SourceText.Int(value.intValue(), text);
        }
        if (value.bitLength() < 64) {
            return new SourceText.Long(value.longValue(), text);
        }
        return new SourceText.Big(value, text);
    }
}
