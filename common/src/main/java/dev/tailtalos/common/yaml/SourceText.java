package dev.tailtalos.common.yaml;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.IOException;
import java.math.BigInteger;

/**
 * A plain YAML scalar that resolved to a number or a boolean, remembering how it was written. go-yaml v3 decodes such a
 * scalar into a Go string field as its text ({@code 1.50} stays {@code "1.50"}, {@code 0x1F} stays {@code "0x1F"}), so
 * {@link com.fasterxml.jackson.databind.JsonNode#asText()} gives the text as written; values compare as numbers or
 * booleans. Integers written as YAML 1.2 octal or hex ({@code permissions: 0o644}) are written back the same way.
 */
public interface SourceText {

    String sourceText();

    final class Int extends IntNode implements SourceText {
        private final String text;

        Int(int value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String sourceText() {
            return text;
        }

        @Override
        public String asText() {
            return text;
        }

    }

    final class Long extends LongNode implements SourceText {
        private final String text;

        Long(long value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String sourceText() {
            return text;
        }

        @Override
        public String asText() {
            return text;
        }

    }

    final class Big extends BigIntegerNode implements SourceText {
        private final String text;

        Big(BigInteger value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String sourceText() {
            return text;
        }

        @Override
        public String asText() {
            return text;
        }
    }

    final class Float extends DoubleNode implements SourceText {
        private final String text;

        Float(double value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String sourceText() {
            return text;
        }

        @Override
        public String asText() {
            return text;
        }
    }

    final class Bool extends BooleanNode implements SourceText {
        private final String text;

        Bool(boolean value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String sourceText() {
            return text;
        }

        @Override
        public String asText() {
            return text;
        }
    }

    /** An integer written in YAML 1.2 octal ({@code 0o644}), as Talos writes file modes. */
    static com.fasterxml.jackson.databind.JsonNode octal(long value) {
        String text = (value < 0 ? "-0o" : "0o") + java.lang.Long.toOctalString(Math.abs(value));
        return value == (int) value ? new Int((int) value, text) : new Long(value, text);
    }

    /** True for integers written in YAML 1.2 octal or hex ({@code 0o644}): {@link Yaml#write} writes them so again. */
    static boolean keepsNotation(com.fasterxml.jackson.databind.JsonNode node) {
        if (!(node instanceof SourceText source) || !node.isIntegralNumber()) {
            return false;
        }
        String text = source.sourceText();
        String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        return digits.startsWith("0o") || digits.startsWith("0x");
    }

    /** Writes an integer in the notation it was read in. */
    record Notation(String text) implements com.fasterxml.jackson.databind.JsonSerializable {
        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeNumber(text);
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider provider,
                                      com.fasterxml.jackson.databind.jsontype.TypeSerializer typeSer) throws IOException {
            serialize(g, provider);
        }
    }
}
