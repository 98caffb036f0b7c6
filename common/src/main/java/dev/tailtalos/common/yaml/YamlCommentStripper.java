package dev.tailtalos.common.yaml;

import java.io.StringReader;
import java.io.StringWriter;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * talhelper re-encodes every text it env-substitutes as YAML nodes at indent 2 first (yaml.v3 Node round trip):
 * comments go, scalar and flow styles and key order stay. Inline manifest contents keep that exact text, so it is
 * reproduced here on SnakeYAML's node level.
 */
public final class YamlCommentStripper {

    private final LoaderOptions loading = new LoaderOptions();
    private final DumperOptions dumping = new DumperOptions();

    public YamlCommentStripper(YamlLimits limits) {
        loading.setCodePointLimit(limits.maxBytes());
        loading.setNestingDepthLimit(limits.maxDepth());
        loading.setMaxAliasesForCollections(limits.maxAliases());
        dumping.setIndent(2);
        dumping.setIndicatorIndent(2);
        dumping.setIndentWithIndicator(true);
        dumping.setWidth(Integer.MAX_VALUE);
        dumping.setSplitLines(false);
        dumping.setProcessComments(false);
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not YAML; the message names the line and the problem but
     *                                  quotes no content (the text may be a decrypted secret)
     */
    public String strip(String text) {
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(loading);
        StringBuilder out = new StringBuilder();
        try {
            for (Node document : yaml.composeAll(new StringReader(text))) {
                if (!out.isEmpty()) {
                    out.append("---\n");
                }
                StringWriter writer = new StringWriter();
                new org.yaml.snakeyaml.Yaml(dumping).serialize(document, writer);
                out.append(writer);
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new IllegalArgumentException("not valid YAML at line " + line + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new IllegalArgumentException("not valid YAML");
        }
        return out.toString();
    }
}
