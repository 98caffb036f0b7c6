package dev.tailtalos.config.domain;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.List;

/** A unified diff between the config a node has (or had written) and the one just rendered. */
public final class ConfigDiff {

    private ConfigDiff() {
    }

    /** @return the diff lines, empty when nothing changes; {@code before} null means the node has no config yet */
    public static List<String> unified(String name, String before, String after) {
        List<String> old = before == null ? List.of() : before.lines().toList();
        List<String> now = after.lines().toList();
        var patch = DiffUtils.diff(old, now);
        if (patch.getDeltas().isEmpty()) {
            return List.of();
        }
        return UnifiedDiffUtils.generateUnifiedDiff(before == null ? "/dev/null" : "a/" + name, "b/" + name, old, patch, 3);
    }
}
