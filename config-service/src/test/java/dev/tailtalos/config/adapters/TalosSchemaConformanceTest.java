package dev.tailtalos.config.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.crypto.age.AgeKeys;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.domain.ConfigProblem;
import dev.tailtalos.config.domain.ConfigValidationException;
import dev.tailtalos.config.domain.LoadedTalconfig;
import dev.tailtalos.config.domain.MachineConfigRenderer;
import dev.tailtalos.config.domain.LintPolicy;
import dev.tailtalos.config.domain.RenderPipeline;
import dev.tailtalos.config.domain.RenderedCluster;
import dev.tailtalos.config.domain.RenderedNode;
import dev.tailtalos.config.domain.SopsDecryptor;
import dev.tailtalos.config.domain.TalconfigLoader;
import dev.tailtalos.config.domain.TalosContract;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every document tailtalos renders for the golden repos and the example repo passes the Talos config JSON schema of
 * its Talos line (the "done when"), on every Talos line tailtalos renders.
 */
class TalosSchemaConformanceTest {

    private static final Yaml YAML = new Yaml();
    private static final TalosConfigSchemas SCHEMAS = new TalosConfigSchemas();
    private static final SopsDecryptor SOPS = new AgeSopsDecryptor(() -> AgeKeys.readFile(golden("age.key")), null);
    private static final List<String> LINES = List.of("v1.8.3", "v1.9.5", "v1.10.4", "v1.11.6", "v1.12.6", "v1.13.8");

    /**
     * What a golden repo's input is written for. talhelper renders every input for every line, so a repo written with
     * newer Talos features yields documents an older Talos rejects; the schema check reports them (as it should), and
     * here such a repo is held to the lines it targets. {@code deprecated}: fields the input writes that Talos still
     * decodes but whose schema no longer lists them, from the line given on.
     */
    private record Target(int oldestMinor, int deprecatedFromMinor, List<String> deprecated) {
    }

    private static final Target ANY = new Target(8, 99, List.of());
    private static final Map<String, Target> TARGETS = Map.of(
            // the VIP patch writes machine.network.interfaces, dropped from the schema in v1.12; the schematic's
            // siderolabs/i915 extension is official from v1.9 on (talhelper and tailtalos refuse it for v1.8)
            "three-cp", new Target(9, 12, List.of("(v1alpha1) machine.network")),
            // UserVolumeConfig.volumeType is new in v1.12; machineDisks (machine.disks) is deprecated since v1.10
            "manifests-volumes", new Target(12, 10, List.of("(v1alpha1) machine.disks")),
            // UserVolumeConfig is new in v1.10
            "sops-encrypted", new Target(10, 99, List.of()),
            // bond deviceSelectors[].permanentAddr is new in v1.9
            "network-multidoc", new Target(9, 99, List.of()),
            // a templated patch writes machine.time, dropped from the schema in v1.12 (TimeSyncConfig)
            "templates", new Target(8, 12, List.of("(v1alpha1) machine.time")),
            // siderolabs/i915 is an official extension from v1.10 on; patches write machine.time and machine.network
            "homelab-mini", new Target(10, 12, List.of("(v1alpha1) machine.time", "(v1alpha1) machine.network")),
            // the control-plane VIP patch writes machine.network (LinkConfig/Layer2VIPConfig from v1.12); machine.env
            // is not in the v1.13 schema (Talos still decodes it)
            "seed-sops", new Target(8, 12, List.of("(v1alpha1) machine.network", "(v1alpha1) machine.env")),
            // pins talosVersion: v1.13.8
            "multidoc-v113", new Target(13, 99, List.of()));

    private static Path golden(String name) {
        try {
            return Path.of(TalosSchemaConformanceTest.class.getResource("/golden").toURI()).resolve(name);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> repos() throws IOException {
        Path golden = golden("");
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(golden)) {
            for (Path repo : dirs.filter(d -> Files.isRegularFile(d.resolve("talconfig.yaml"))).sorted().toList()) {
                Target target = TARGETS.getOrDefault(repo.getFileName().toString(), ANY);
                LINES.stream().filter(line -> TalosContract.of(line).minor() >= target.oldestMinor())
                        .forEach(line -> cases.add(Arguments.of(repo, line)));
            }
        }
        // the example pins its Talos version in talenv.yaml
        cases.add(Arguments.of(Path.of("..", "examples", "homelab"), "v1.10.4"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on Talos {1}")
    @MethodSource("repos")
    void everyRenderedDocumentIsValid(Path repoDir, String talosVersion) {
        TalosContract contract = TalosContract.of(talosVersion);
        LoadedTalconfig repo = new TalconfigLoader(YAML, SOPS, false).load(repoDir, Map.of("TALOS_VERSION", talosVersion));
        assertThat(repo.config().talosVersionTag()).isEqualTo(talosVersion);
        RenderedCluster cluster;
        try {
            cluster = new MachineConfigRenderer(YAML, SOPS, SCHEMAS).render(repo, Map.of(
                    repo.config().nodes().get(0).hostname(), List.of("100.64.0.7", "node.tail1234.ts.net")));
        } catch (ConfigValidationException refused) {
            String goldenLine = contract.minor() >= 12 ? "v1.13.8" : "v1.10.4";
            assertThat(repoDir.resolve("expected").resolve(goldenLine).resolve("error.txt"))
                    .as("tailtalos refused %s on %s, so talhelper must refuse it too: %s", repoDir, talosVersion,
                            refused.getMessage())
                    .exists();
            return;
        }
        Target target = TARGETS.getOrDefault(repoDir.getFileName().toString(), ANY);
        List<ConfigProblem> problems = new ArrayList<>();
        for (RenderedNode node : cluster.nodes()) {
            for (ConfigProblem problem : SCHEMAS.check(node.hostname() + ".yaml", contract, node.documents())) {
                boolean deprecated = contract.minor() >= target.deprecatedFromMinor()
                        && target.deprecated().stream().anyMatch(problem.field()::contains);
                if (!deprecated) {
                    problems.add(problem);
                }
            }
        }
        assertThat(problems).as("schema problems of %s on %s", repoDir, talosVersion).isEmpty();
    }

    @Test
    void deprecatedInputTalosStillDecodesIsNotReported() throws URISyntaxException {
        // machine.network is gone from the v1.13 schema, but Talos v1.13.8 loads and validates it (the golden's
        // verdict in talos-validation/v1.13.8.json): reporting it would be a false warning
        Path threeCp = Path.of(TalosSchemaConformanceTest.class.getResource("/golden/three-cp").toURI());
        LoadedTalconfig repo = new TalconfigLoader(YAML).load(threeCp, Map.of("TALOS_VERSION", "v1.13.8"));
        RenderedNode node = new MachineConfigRenderer(YAML).render(repo, Map.of()).nodes().get(0);
        assertThat(SCHEMAS.check("k8s-1.yaml", TalosContract.of("v1.13.8"), node.documents())).isEmpty();
    }

    @Test
    void thePipelineWarnsAboutSchemaViolationsAndRefusesThemUnderStrict(@TempDir Path threeCp) throws Exception {
        // the inputs only: the lint scans every file of a repo, and talhelper's outputs carry a sample tskey
        Path golden = Path.of(TalosSchemaConformanceTest.class.getResource("/golden/three-cp").toURI());
        Files.copy(golden.resolve("talconfig.yaml"), threeCp.resolve("talconfig.yaml"));
        Files.writeString(threeCp.resolve("talenv.yaml"), Files.readString(golden.resolve("talenv.yaml"))
                .replaceAll("tskey-[A-Za-z0-9-]+", "custody://tailscale/authkey"));
        Files.createDirectories(threeCp.resolve("patches"));
        try (Stream<Path> patches = Files.list(golden.resolve("patches"))) {
            for (Path patch : patches.toList()) {
                Files.copy(patch, threeCp.resolve("patches").resolve(patch.getFileName()));
            }
        }
        // an API server SAN that is no IP address: Talos and talhelper take it, tailtalos's check reports it
        Files.writeString(threeCp.resolve("patches/etcd-subnets.yaml"),
                Files.readString(threeCp.resolve("patches/etcd-subnets.yaml"))
                        + "  apiServer:\n    certSANs:\n      - 10.0.0.300\n");
        Map<String, String> env = Map.of("TALOS_VERSION", "v1.13.8");
        RenderPipeline.Result result = new RenderPipeline(new TalconfigLoader(YAML), new MachineConfigRenderer(YAML),
                SCHEMAS, LintPolicy.INFORM).run(threeCp, env, Map.of());
        assertThat(result.schemaWarnings()).hasSize(3).allSatisfy(w -> {
            assertThat(w.severity()).isEqualTo(ConfigProblem.Severity.WARNING);
            assertThat(w.field()).startsWith("cluster.apiServer.certSANs[");
            assertThat(w.message()).contains("10.0.0.300").contains("not a valid IP address");
        });
        assertThat(result.schemaWarnings()).extracting(ConfigProblem::file)
                .containsExactly("homelab-k8s-1.yaml", "homelab-k8s-2.yaml", "homelab-k8s-3.yaml");
        RenderPipeline strict = new RenderPipeline(new TalconfigLoader(YAML), new MachineConfigRenderer(YAML), SCHEMAS, LintPolicy.STRICT);
        assertThatThrownBy(() -> strict.run(threeCp, env, Map.of())).isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("homelab-k8s-1.yaml").hasMessageContaining("cluster.apiServer.certSANs");
    }

    @Test
    void yaml12OctalsStayPlainSoTalosReadsThemAsIntegers() throws URISyntaxException {
        Path repoDir = Path.of(TalosSchemaConformanceTest.class.getResource("/golden/tailnet-extensions").toURI());
        LoadedTalconfig repo = new TalconfigLoader(YAML).load(repoDir, Map.of("TALOS_VERSION", "v1.13.8"));
        RenderedCluster cluster = new MachineConfigRenderer(YAML, SopsDecryptor.NONE, SCHEMAS).render(repo, Map.of());
        String worker = cluster.nodes().stream().filter(n -> !n.controlPlane()).findFirst().orElseThrow().configYaml();
        assertThat(worker).contains("permissions: 0o644\n");
        ObjectNode quoted = YAML.readObjects("q.yaml", "machine:\n  files:\n    - permissions: '0o644x'\n").get(0);
        assertThat(SCHEMAS.check("q.yaml", TalosContract.of("v1.13.8"), List.of(quoted)))
                .extracting(ConfigProblem::field).containsExactly("document 1 (v1alpha1) machine.files[0].permissions");
    }

    @Test
    void namesTheDocumentAndPathOfAViolation() {
        ObjectNode config = YAML.readObjects("bad.yaml", """
                version: v1alpha1
                machine:
                  type: worker
                  kubelet:
                    image: 42
                  network:
                    interfaces: "eth0"
                ---
                apiVersion: v1alpha1
                kind: ExtensionServiceConfig
                name: tailscale
                environment: TS_AUTHKEY
                ---
                apiVersion: v1alpha1
                kind: NoSuchConfig
                """).get(0);
        List<ObjectNode> documents = YAML.readObjects("bad.yaml", YAML.write(List.of(config)) + """
                ---
                apiVersion: v1alpha1
                kind: ExtensionServiceConfig
                name: tailscale
                environment: TS_AUTHKEY
                ---
                apiVersion: v1alpha1
                kind: NoSuchConfig
                """);
        List<ConfigProblem> problems = SCHEMAS.check("k8s-1.yaml", TalosContract.of("v1.13.8"), documents);
        assertThat(problems).allMatch(p -> p.severity() == ConfigProblem.Severity.ERROR && p.file().equals("k8s-1.yaml"));
        assertThat(problems).extracting(ConfigProblem::field).contains(
                "document 1 (v1alpha1) machine.kubelet.image", "document 1 (v1alpha1) machine.network.interfaces",
                "document 2 (ExtensionServiceConfig) environment", "document 3 (NoSuchConfig)");
        assertThat(problems.get(0).message()).contains("Talos v1.13 config schema");
    }

    @Test
    void eachSupportedLineHasItsSchema() {
        for (int minor = TalosContract.OLDEST_SUPPORTED.minor(); minor <= TalosContract.NEWEST_SUPPORTED.minor(); minor++) {
            ObjectNode empty = YAML.readObjects("empty.yaml", "version: v1alpha1\n").get(0);
            assertThat(SCHEMAS.check("x.yaml", TalosContract.of("v1." + minor + ".0"), List.of(empty))).isEmpty();
        }
    }
}
