package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.adapters.TalosConfigSchemas;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Realistic broken repos (src/test/resources/broken): each is refused as a whole, as `tailtalos render` runs it, with one
 * problem naming the file, the line and — where the mistake is in a value rather than in the YAML syntax — the field.
 * The comment on each case says what talhelper v3.1.16 does with the same repo (run with the real binary).
 */
class BrokenRepoCorpusTest {

    private static final Yaml YAML = new Yaml();
    private static final TalosConfigSchemas SCHEMAS = new TalosConfigSchemas();

    static Stream<Arguments> cases() {
        return Stream.of(
                // talhelper: "yaml: unknown anchor 'talosControlplaneVip' referenced"
                Arguments.of("unknown-alias", "talconfig.yaml", 6, "", "undefined alias talosControlplaneVip"),
                // talhelper: "line 5: mapping key "kubernetesVersion" already defined at line 3"
                Arguments.of("duplicate-key", "talconfig.yaml", 5, "kubernetesVersion", "already defined at line 3"),
                // talhelper: "yaml: line 6: found a tab character that violates indentation"
                Arguments.of("tab-indent", "talconfig.yaml", 7, "", "TAB"),
                // talhelper: "open …/patches/kubelet.yaml: no such file or directory"
                Arguments.of("missing-patch-file", "talconfig.yaml", 6, "patches[0]", "./patches/kubelet.yaml not found"),
                // talhelper renders it (the node then has an address that does not parse)
                Arguments.of("bad-node-ip", "talconfig.yaml", 7, "nodes[0].ipAddress", "\"10.0.0.300\""),
                // talhelper: "line 5: cannot unmarshal !!map into []config.Node"
                Arguments.of("nodes-not-a-list", "talconfig.yaml", 5, "nodes", "wrong type"),
                // talhelper: "variable ${API_HOSTNAME} not set"
                Arguments.of("unset-env-var", "talconfig.yaml", 6, "additionalApiServerCertSans[0]",
                        "variable ${API_HOSTNAME} not set"),
                // talhelper: "error decoding … cannot construct !!str `api.lab…` into []string"
                Arguments.of("patch-wrong-type", "patches/sans.yaml", 0, "patches[0]", "machine.certSANs"),
                // talhelper: "yaml: line 2: did not find expected key" (it counts from the document it re-reads)
                Arguments.of("patch-bad-yaml", "patches/kubelet.yaml", 5, "patches[0]", "expected <block end>"),
                // talhelper: "yaml: document contains excessive aliasing"
                Arguments.of("alias-bomb", "talconfig.yaml", 9, "u[2]", "larger than 200000 nodes"),
                // talhelper writes lab-n1.yaml twice, the second node's config replacing the first's
                Arguments.of("duplicate-hostname", "talconfig.yaml", 10, "nodes[1].hostname", "duplicate hostname \"n1\""),
                // talhelper: "please fix issues with your config file" (talosVersion, with kubernetesVersion checks)
                Arguments.of("bad-talos-version", "talconfig.yaml", 2, "talosVersion", "outside the Talos lines"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedNamingFileLineAndField(String repo, String file, int line, String field, String message)
            throws URISyntaxException {
        Path dir = Path.of(BrokenRepoCorpusTest.class.getResource("/broken/" + repo).toURI());
        assertThat(Files.isRegularFile(dir.resolve("talconfig.yaml"))).isTrue();
        RenderPipeline pipeline = new RenderPipeline(new TalconfigLoader(YAML),
                new MachineConfigRenderer(YAML, SopsDecryptor.NONE, SCHEMAS), SCHEMAS, LintPolicy.INFORM);
        Throwable thrown = catchThrowable(() -> pipeline.run(dir, Map.of(), Map.of()));
        assertThat(thrown).as("refused with a ConfigValidationException, not a crash").isInstanceOf(
                ConfigValidationException.class);
        List<ConfigProblem> errors = ((ConfigValidationException) thrown).errors();
        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.message()).contains(message);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCaseIsARepoInTheCorpus(String repo) throws URISyntaxException {
        assertThat(Path.of(BrokenRepoCorpusTest.class.getResource("/broken").toURI()).resolve(repo)).isDirectory();
    }
}
