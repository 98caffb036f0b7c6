package dev.tailtalos.config.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Image Factory schematic ID: SHA-256 of the schematic as Go yaml.v3 marshals it
 * (4-space indent, sequences indented under their key, struct field order, omitempty except
 * {@code customization}). Scalar quoting follows yaml.v3 for the values schematics use
 * (extension names, kernel args); unusual strings are double-quoted, which may differ from Go.
 */
public final class SchematicId {

    private static final String INDENT = "    ";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./=,+@-]*");
    private static final Pattern NON_STRING = Pattern.compile(
            "(?i)true|false|yes|no|on|off|y|n|null|~|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-f_]+|0o?[0-7_]+|[-+]?\\.inf|\\.nan");

    private SchematicId() {
    }

    public static String of(Schematic schematic) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalYaml(schematic).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String canonicalYaml(Schematic schematic) {
        StringBuilder out = new StringBuilder();
        Schematic.Overlay overlay = schematic.overlay();
        if (overlay != null && (notEmpty(overlay.image()) || notEmpty(overlay.name()))) {
            out.append("overlay:\n");
            scalar(out, 1, "image", overlay.image());
            scalar(out, 1, "name", overlay.name());
        }
        StringBuilder customization = new StringBuilder();
        Schematic.Customization c = schematic.customization();
        list(customization, 1, "extraKernelArgs", c.extraKernelArgs());
        if (!c.meta().isEmpty()) {
            customization.append(INDENT).append("meta:\n");
            for (Schematic.Meta meta : c.meta()) {
                customization.append(INDENT.repeat(2)).append("- key: ").append(meta.key()).append('\n');
                customization.append(INDENT.repeat(2)).append("  value: ").append(quote(meta.value())).append('\n');
            }
        }
        if (!c.officialExtensions().isEmpty()) {
            customization.append(INDENT).append("systemExtensions:\n");
            list(customization, 2, "officialExtensions", c.officialExtensions());
        }
        if (c.secureboot() != null && Boolean.TRUE.equals(c.secureboot().includeWellKnownCertificates())) {
            customization.append(INDENT).append("secureboot:\n")
                    .append(INDENT.repeat(2)).append("includeWellKnownCertificates: true\n");
        }
        out.append(customization.isEmpty() ? "customization: {}\n" : "customization:\n" + customization);
        return out.toString();
    }

    private static void scalar(StringBuilder out, int depth, String key, String value) {
        if (notEmpty(value)) {
            out.append(INDENT.repeat(depth)).append(key).append(": ").append(quote(value)).append('\n');
        }
    }

    private static void list(StringBuilder out, int depth, String key, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        out.append(INDENT.repeat(depth)).append(key).append(":\n");
        for (String value : values) {
            out.append(INDENT.repeat(depth + 1)).append("- ").append(quote(value)).append('\n');
        }
    }

    private static String quote(String value) {
        if (PLAIN.matcher(value).matches() && !NON_STRING.matcher(value).matches()) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static boolean notEmpty(String value) {
        return value != null && !value.isEmpty();
    }
}
