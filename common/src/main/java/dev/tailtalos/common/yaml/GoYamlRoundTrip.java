package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * What a tree looks like after go-yaml v3 decoded it into {@code interface{}} and encoded it again, as talhelper does
 * with talconfig.yaml before binding it (its relative-path substitution): numbers and booleans keep their values but
 * lose their notation ({@code 0x1F} → {@code 31}, {@code 1.50} → {@code 1.5}, {@code 1e3} → {@code 1000},
 * {@code True} → {@code true}), so a string field later reads that text.
 */
public final class GoYamlRoundTrip {

    private GoYamlRoundTrip() {
    }

    /** Rewrites {@code tree}'s scalars in place; returns the tree (or the new scalar when the tree is one). */
    public static JsonNode apply(JsonNode tree) {
        if (tree instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = apply(field.getValue());
                if (value != field.getValue()) {
                    field.setValue(value);
                }
            }
            return tree;
        }
        if (tree instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = apply(array.get(i));
                if (value != array.get(i)) {
                    array.set(i, value);
                }
            }
            return tree;
        }
        if (!(tree instanceof SourceText)) {
            return tree;
        }
        if (tree.isBoolean()) {
            return new SourceText.Bool(tree.booleanValue(), Boolean.toString(tree.booleanValue()));
        }
        if (tree instanceof SourceText.Float) {
            return new SourceText.Float(tree.doubleValue(), goFloat(tree.doubleValue()));
        }
        if (tree instanceof SourceText.Big) {
            return new SourceText.Big(tree.bigIntegerValue(), tree.bigIntegerValue().toString());
        }
        return tree.canConvertToInt() ? new SourceText.Int(tree.intValue(), Integer.toString(tree.intValue()))
                : new SourceText.Long(tree.longValue(), java.lang.Long.toString(tree.longValue()));
    }

    /** Go's {@code strconv.FormatFloat(f, 'g', -1, 64)} as go-yaml v3 writes floats ({@code .inf}, {@code .nan}). */
    static String goFloat(double value) {
        if (Double.isNaN(value)) {
            return ".nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? ".inf" : "-.inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int pointAt = digits.length() - shortest.scale();
        int exponent = pointAt - 1;
        String sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6) {
            return sign + scientific(digits, exponent);
        }
        if (pointAt <= 0) {
            return sign + "0." + "0".repeat(-pointAt) + digits;
        }
        if (pointAt >= digits.length()) {
            return sign + digits + "0".repeat(pointAt - digits.length());
        }
        return sign + digits.substring(0, pointAt) + "." + digits.substring(pointAt);
    }

    private static String scientific(String digits, int exponent) {
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = Integer.toString(Math.abs(exponent));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (exp.length() < 2 ? "0" + exp : exp);
    }
}
