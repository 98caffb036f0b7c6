package dev.tailtalos.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    private static final String CONFIG = "version: v1alpha1\nmachine:\n  type: worker\n  token: abc.def\n"
            + "  certSANs:\n    - a.lan\n  network:\n    hostname: w-1\n  sysctls:\n    vm.max_map_count: \"262144\"\n"
            + "cluster:\n  clusterName: lab\n---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\n"
            + "environment:\n  - TS_AUTHKEY=tskey-auth-k1\n";

    @Test
    void aSmallChangeIsASmallDocumentLevelDiffInTalosFormat() {
        MachineConfigDocuments before = parse(CONFIG);
        // the same content re-indented and re-quoted, as talosctl's encoder sends a patched config back, plus one change
        MachineConfigDocuments after = parse(CONFIG.replace("  ", "    ").replace("hostname: w-1", "hostname: w-2")
                .replace("\"262144\"", "'262144'"));

        String diff = ConfigDiff.diff(before, after);

        assertThat(diff).startsWith("--- a\n+++ b\n@@ -5,7 +5,7 @@\n")
                .contains("     network:\n-        hostname: w-1\n+        hostname: w-2\n");
        assertThat(diff.lines().count()).isEqualTo(11);
    }

    @Test
    void encodesAsTalosDoesWithFourSpacesAndIndentedSequences() {
        assertThat(ConfigDiff.encode(parse(CONFIG))).contains("machine:\n    type: worker\n",
                "    certSANs:\n        - a.lan\n", "---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\n",
                "environment:\n    - TS_AUTHKEY=tskey-auth-k1\n");
    }

    @Test
    void equalEncodingsAreNoChanges() {
        assertThat(ConfigDiff.diff(parse(CONFIG), parse(CONFIG.replace("\"262144\"", "'262144'"))))
                .isEqualTo("No changes.");
    }

    private static MachineConfigDocuments parse(String yaml) {
        return MachineConfigDocuments.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }
}
