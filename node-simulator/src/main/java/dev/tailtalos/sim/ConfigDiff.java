package dev.tailtalos.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;

/**
 * Dry-run diffs as machined prints them (configdiff): both configs re-encoded document by document (so the
 * original formatting and comments do not count), then a unified diff "--- a / +++ b" with three lines of context
 * and hunk counts left out when they are 1; "No changes." when the encodings are equal.
 */
final class ConfigDiff {

    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@$");
    private static final ObjectMapper ENCODER = new ObjectMapper(YAMLFactory.builder()
            .dumperOptions(talosStyle())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private ConfigDiff() {
    }

    /** {@code before} may be null (no config yet). */
    static String diff(MachineConfigDocuments before, MachineConfigDocuments after) {
        String old = before == null ? "" : encode(before);
        String next = encode(after);
        if (old.equals(next)) {
            return "No changes.";
        }
        List<String> oldLines = old.lines().toList();
        List<String> newLines = next.lines().toList();
        Patch<String> patch = DiffUtils.diff(oldLines, newLines);
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("a", "b", oldLines, patch, 3);
        StringBuilder out = new StringBuilder();
        for (String line : unified) {
            out.append(hunkHeader(line)).append('\n');
        }
        return out.toString();
    }

    /** Every document as the encoder writes it, joined by {@code ---} lines, v1alpha1 first as Talos orders them. */
    static String encode(MachineConfigDocuments config) {
        List<JsonNode> documents = new ArrayList<>(config.documents());
        documents.remove(config.v1alpha1());
        documents.add(0, config.v1alpha1());
        StringBuilder out = new StringBuilder();
        for (JsonNode document : documents) {
            if (out.length() > 0) {
                out.append("---\n");
            }
            try {
                out.append(ENCODER.writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode a parsed config document", e);
            }
        }
        return out.toString();
    }

    private static String hunkHeader(String line) {
        Matcher hunk = HUNK.matcher(line);
        if (!hunk.matches()) {
            return line;
        }
        return "@@ -" + range(hunk.group(1), hunk.group(2)) + " +" + range(hunk.group(3), hunk.group(4)) + " @@";
    }

    private static String range(String start, String count) {
        return count == null || Integer.parseInt(count) <= 1 ? start : start + "," + count;
    }

    /** yaml.v3 with the four-space indent Talos' encoder sets; sequences indented under their key. */
    private static DumperOptions talosStyle() {
        DumperOptions options = new DumperOptions();
        options.setIndent(4);
        options.setIndicatorIndent(4);
        options.setIndentWithIndicator(true);
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(Integer.MAX_VALUE);
        return options;
    }
}
