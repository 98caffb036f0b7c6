package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tailtalos.common.yaml.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TalconfigLoaderTest {

    private static final String HEADER = """
            clusterName: test
            kubernetesVersion: v1.33.1
            endpoint: https://10.0.0.10:6443
            """;

    @TempDir
    Path repo;

    private final TalconfigLoader loader = new TalconfigLoader(new Yaml());

    private void write(String name, String text) throws IOException {
        Path file = repo.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private LoadedTalconfig load(String talconfig) throws IOException {
        write("talconfig.yaml", talconfig);
        return loader.load(repo, Map.of());
    }

    private List<ConfigProblem> errorsOf(String talconfig) throws IOException {
        write("talconfig.yaml", talconfig);
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class, () -> loader.load(repo, Map.of()));
        assertThat(e).as("expected a validation error").isNotNull();
        return e.errors();
    }

    @Test
    void mergesGroupsLikeTalhelper() throws IOException {
        write("p/group.yaml", "machine: {}\n");
        write("p/node.yaml", "machine: {}\n");
        LoadedTalconfig loaded = load(HEADER + """
                allowSchedulingOnMasters: true
                worker:
                  talosImageURL: registry.lan/installer
                  certSANs: [group.example]
                  nodeLabels: {tier: group, zone: a}
                  patches: ["@./p/group.yaml"]
                  schematic:
                    customization:
                      extraKernelArgs: [intel_iommu=on]
                nodes:
                  - hostname: w1
                    ipAddress: 10.0.0.21, 10.0.0.22
                    installDisk: /dev/sda
                    certSANs: [node.example]
                    nodeLabels: {tier: node}
                    patches: ["@./p/node.yaml"]
                    schematic:
                      customization:
                        systemExtensions:
                          officialExtensions: [siderolabs/tailscale]
                  - hostname: w2
                    ipAddress: 10.0.0.23
                    installDisk: /dev/sda
                    overridePatches: true
                """);
        assertThat(loaded.config().allowSchedulingOnControlPlanes()).isTrue();
        NodeConfig w1 = loaded.config().mergedNode(0);
        assertThat(w1.addresses()).containsExactly("10.0.0.21", "10.0.0.22");
        assertThat(w1.certSANs()).containsExactly("node.example", "group.example");
        assertThat(w1.patches()).containsExactly("@./p/group.yaml", "@./p/node.yaml");
        assertThat(w1.nodeLabels()).containsExactly(Map.entry("tier", "node"));
        assertThat(w1.schematic().customization().officialExtensions()).containsExactly("siderolabs/tailscale");
        assertThat(w1.schematic().customization().extraKernelArgs()).isEmpty();
        assertThat(w1.talosImageURL()).isEqualTo("registry.lan/installer");
        NodeConfig w2 = loaded.config().mergedNode(1);
        assertThat(w2.patches()).isEmpty();
        assertThat(w2.nodeLabels()).containsEntry("zone", "a");
        assertThat(loaded.nodePatches(0)).extracting(PatchReference::field)
                .containsExactly("worker.patches[0]", "nodes[0].patches[0]");
    }

    @Test
    void envFilesOverrideEachOtherAndTheProcessEnv() throws IOException {
        write("talenv.yaml", "A: from-yaml\nB: from-yaml\n");
        write("talenv.yml", "B: from-yml\n");
        write("talconfig.yaml", HEADER.replace("clusterName: test", "clusterName: ${A}-${B}-${C}") + """
                nodes:
                  - {hostname: n1, ipAddress: 10.0.0.21, installDisk: /dev/sda}
                """);
        LoadedTalconfig loaded = loader.load(repo, Map.of("A", "from-process", "C", "from-process"));
        assertThat(loaded.config().clusterName()).isEqualTo("from-yaml-from-yml-from-process");
    }

    @Test
    void unsetVariableNamesFileFieldAndLine() throws IOException {
        List<ConfigProblem> errors = errorsOf(HEADER + """
                nodes:
                  - hostname: n1
                    ipAddress: ${NODE_IP}
                    installDisk: /dev/sda
                """);
        assertThat(errors).containsExactly(ConfigProblem.error("talconfig.yaml", 6, "nodes[0].ipAddress",
                "variable ${NODE_IP} not set"));
    }

    @Test
    void commentsAreNotSubstituted() throws IOException {
        LoadedTalconfig loaded = load(HEADER + """
                # costs $5, see ${NOT_A_VAR}
                nodes:
                  - {hostname: n1, ipAddress: 10.0.0.21, installDisk: /dev/sda}
                """);
        assertThat(loaded.config().nodes()).hasSize(1);
    }

    @Test
    void duplicateHostnameAndAddress() throws IOException {
        List<ConfigProblem> errors = errorsOf(HEADER + """
                nodes:
                  - {hostname: n1, ipAddress: 10.0.0.21, installDisk: /dev/sda}
                  - {hostname: n1, ipAddress: 10.0.0.21, installDisk: /dev/sda}
                """);
        assertThat(errors).extracting(ConfigProblem::field).containsExactly("nodes[1].hostname", "nodes[1].ipAddress");
        assertThat(errors.get(0).message()).contains("duplicate hostname \"n1\"");
        assertThat(errors.get(0).file()).isEqualTo("talconfig.yaml");
        assertThat(errors.get(0).line()).isEqualTo(6);
    }

    @Test
    void badAddressesHostnamesAndCidrs() throws IOException {
        List<ConfigProblem> errors = errorsOf(HEADER + """
                clusterPodNets: [10.244.0.0/33]
                nodes:
                  - hostname: Bad_Host
                    ipAddress: 192.168.1.300
                    installDisk: /dev/sda
                    nameservers: [dns.example]
                """);
        assertThat(errors).extracting(ConfigProblem::field).containsExactlyInAnyOrder(
                "clusterPodNets[0]", "nodes[0].hostname", "nodes[0].ipAddress", "nodes[0].nameservers[0]");
        assertThat(errors).filteredOn(p -> p.field().equals("nodes[0].ipAddress"))
                .singleElement().satisfies(p -> {
                    assertThat(p.line()).isEqualTo(7);
                    assertThat(p.message()).contains("192.168.1.300");
                });
    }

    @Test
    void missingRequiredFields() throws IOException {
        List<ConfigProblem> errors = errorsOf("talosVersion: v1.10.4\nnodes: []\n");
        assertThat(errors).extracting(ConfigProblem::field)
                .containsExactly("clusterName", "kubernetesVersion", "endpoint", "nodes");
    }

    @Test
    void patchEscapingTheRepoOrMissing() throws IOException {
        Files.writeString(repo.getParent().resolve("outside.yaml"), "machine: {}\n");
        List<ConfigProblem> errors = errorsOf(HEADER + """
                patches: ["@../outside.yaml"]
                nodes:
                  - hostname: n1
                    ipAddress: 10.0.0.21
                    installDisk: /dev/sda
                    patches: ["@./patches/missing.yaml"]
                """);
        assertThat(errors).extracting(ConfigProblem::field).containsExactly("patches[0]", "nodes[0].patches[0]");
        assertThat(errors.get(0).message()).contains("escapes the repo directory");
        assertThat(errors.get(1).message()).contains("not found");
        assertThat(errors.get(1).line()).isEqualTo(9);
    }

    @Test
    void aliasBombIsRefusedWithFileAndLine() throws IOException {
        StringBuilder bomb = new StringBuilder(HEADER + "a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + p + ", ").repeat(8)).append('*').append(p).append("]\n");
        }
        List<ConfigProblem> errors = errorsOf(bomb.toString());
        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("talconfig.yaml");
            assertThat(p.line()).isPositive();
            assertThat(p.message()).contains("alias");
        });
    }

    @Test
    void tooDeepNestingIsRefused() throws IOException {
        List<ConfigProblem> errors = errorsOf(HEADER + "deep: " + "[".repeat(80) + "]".repeat(80) + "\n");
        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("talconfig.yaml");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("nesting");
        });
    }

    @Test
    void wrongTypeNamesField() throws IOException {
        List<ConfigProblem> errors = errorsOf(HEADER + "nodes:\n  - hostname: n1\n    certSANs: {a: b}\n");
        assertThat(errors).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("nodes[0].certSANs"));
    }

    @Test
    void unknownAndNodeOnlyKeysAreWarningsButRenderedOnesAreNot() throws IOException {
        LoadedTalconfig loaded = load(HEADER + """
                clusterNmae: typo
                inlineManifests: []
                controlPlane:
                  hostname: ignored
                nodes:
                  - {hostname: n1, ipAddress: 10.0.0.21, installDisk: /dev/sda, volumes: []}
                """);
        assertThat(loaded.warnings()).extracting(ConfigProblem::field, ConfigProblem::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("clusterNmae", ConfigProblem.Severity.WARNING),
                org.assertj.core.groups.Tuple.tuple("controlPlane.hostname", ConfigProblem.Severity.WARNING));
        assertThat(loaded.warnings().get(0).line()).isEqualTo(4);
    }

    @Test
    void missingTalconfig() {
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class, () -> loader.load(repo, Map.of()));
        assertThat(e.errors()).singleElement().satisfies(p -> assertThat(p.file()).isEqualTo("talconfig.yaml"));
    }
}
