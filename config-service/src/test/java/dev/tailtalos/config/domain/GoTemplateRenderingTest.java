package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** talhelper's Go templates in patches, nodeLabels/nodeAnnotations, extraManifests and filenameTmpl. */
class GoTemplateRenderingTest {

    private static final String HEAD = """
            clusterName: lab
            talosVersion: %s
            kubernetesVersion: v1.33.1
            endpoint: https://10.0.0.10:6443
            """;

    @TempDir
    Path repo;

    private final Yaml yaml = new Yaml();

    private RenderedCluster render(String version, String rest) throws IOException {
        Files.writeString(repo.resolve("talconfig.yaml"), HEAD.formatted(version) + rest);
        LoadedTalconfig loaded = new TalconfigLoader(yaml).load(repo, Map.of("SITE", "home"));
        return new MachineConfigRenderer(yaml).render(loaded, Map.of());
    }

    private void write(String name, String content) throws IOException {
        Files.createDirectories(repo.resolve(name).getParent());
        Files.writeString(repo.resolve(name), content);
    }

    private List<ObjectNode> documents(RenderedNode node) {
        return yaml.readObjects(node.hostname(), node.configYaml());
    }

    private ConfigProblem failure(String version, String rest) {
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class, () -> render(version, rest));
        assertThat(e).as("render must fail").isNotNull();
        return e.problems().get(0);
    }

    @Test
    void filePatchIsTemplatedThenEnvSubstitutedAndInlinePatchIsTemplated() throws IOException {
        write("patches/p.yaml", """
                machine:
                  nodeAnnotations:
                    type: {{ .MachineConfig.MachineType | upper }}
                    site: ${SITE}
                {{- range $i, $san := .MachineConfig.MachineCertSANs }}
                    san-{{ $i }}: {{ $san }}
                {{- end }}
                """);
        RenderedCluster cluster = render("v1.10.4", """
                nodes:
                  - hostname: n1
                    ipAddress: 10.0.0.11
                    installDisk: /dev/sda
                    certSANs: [a.example, b.example]
                    patches:
                      - "@patches/p.yaml"
                      - |
                        machine:
                          nodeAnnotations:
                            image: '{{ .MachineConfig.MachineInstall.InstallImage }}'
                            persist: '{{ .ConfigPersist }}'
                            type-seen-by-second-patch: '{{ index .MachineConfig.MachineNodeAnnotations "type" }}'
                """);
        ObjectNode annotations = (ObjectNode) documents(cluster.nodes().get(0)).get(0).at("/machine/nodeAnnotations");
        assertThat(annotations.get("type").asText()).isEqualTo("WORKER");
        assertThat(annotations.get("site").asText()).isEqualTo("home");
        assertThat(annotations.get("san-0").asText()).isEqualTo("a.example");
        assertThat(annotations.get("san-1").asText()).isEqualTo("b.example");
        assertThat(annotations.get("image").asText()).startsWith("factory.talos.dev/metal-installer/").endsWith(":v1.10.4");
        // tailtalos leaves out the deprecated persist: true, templates still see it like talhelper's
        assertThat(annotations.get("persist").asText()).isEqualTo("true");
        // every patch of one call sees the config before the first of them (talhelper's PatchesPatcher)
        assertThat(annotations.get("type-seen-by-second-patch").asText()).isEmpty();
    }

    @Test
    void globalPatchesSeeTheNodePatches() throws IOException {
        RenderedCluster cluster = render("v1.13.8", """
                patches:
                  - |
                    machine:
                      nodeLabels:
                        copied: '{{ index .MachineConfig.MachineNodeLabels "from-node" }}'
                nodes:
                  - hostname: n1
                    ipAddress: 10.0.0.11
                    installDisk: /dev/sda
                    patches:
                      - |
                        machine:
                          nodeLabels:
                            from-node: x
                """);
        assertThat(documents(cluster.nodes().get(0)).get(0).at("/machine/nodeLabels/copied").asText()).isEqualTo("x");
    }

    @Test
    void secretsInTheTemplateDataAreReferencesThatBindWhenCopiedWhole() throws IOException {
        RenderedCluster cluster = render("v1.10.4", """
                patches:
                  - |
                    machine:
                      nodeAnnotations:
                        token: '{{ .MachineConfig.MachineToken }}'
                        embedded: 'x-{{ .MachineConfig.MachineToken }}'
                nodes:
                  - hostname: n1
                    ipAddress: 10.0.0.11
                    installDisk: /dev/sda
                """);
        RenderedNode node = cluster.nodes().get(0);
        String reference = SecretsBundleRef.PREFIX + "trustdinfo.token";
        assertThat(documents(node).get(0).at("/machine/nodeAnnotations/token").asText()).isEqualTo(reference);
        SecretsBundle bundle = new TalosSecretsGenerator().generate();
        ObjectNode bound = new BundleBinder(bundle).bind(node.documents()).get(0);
        assertThat(bound.at("/machine/nodeAnnotations/token").asText()).isEqualTo(bundle.get("trustdinfo.token"));
        // a reference inside a longer value stays a reference (talhelper would have the token there)
        assertThat(bound.at("/machine/nodeAnnotations/embedded").asText()).isEqualTo("x-" + reference);
    }

    @Test
    void templatedLabelsAreAddedAfterThePlainOnesReplaceTheMap() throws IOException {
        RenderedCluster cluster = render("v1.10.4", """
                controlPlane:
                  nodeLabels:
                    disk: '{{ .MachineConfig.MachineInstall.InstallDisk | trimPrefix "/dev/" }}'
                  nodeAnnotations:
                    plain: "yes"
                    labels-seen: '{{ len .MachineConfig.MachineNodeLabels }}'
                nodes:
                  - hostname: cp1
                    ipAddress: 10.0.0.11
                    controlPlane: true
                    installDisk: /dev/nvme0n1
                """);
        ObjectNode machine = (ObjectNode) documents(cluster.nodes().get(0)).get(0).get("machine");
        // only templated labels: the map is replaced by the (empty) plain ones, so the Talos LB label is gone
        assertThat(machine.get("nodeLabels").toString()).isEqualTo("{\"disk\":\"nvme0n1\"}");
        assertThat(machine.at("/nodeAnnotations/plain").asText()).isEqualTo("yes");
        // annotations are rendered against the config before any templated value was added
        assertThat(machine.at("/nodeAnnotations/labels-seen").asText()).isEqualTo("0");
    }

    @Test
    void templateErrorInAPatchFileNamesTheFileAndLine() throws IOException {
        write("patches/bad.yaml", """
                machine:
                  nodeLabels:
                    a: {{ .MachineConfig.MachineType | nosuchfunc }}
                """);
        ConfigProblem problem = failure("v1.10.4", """
                nodes:
                  - hostname: n1
                    ipAddress: 10.0.0.11
                    installDisk: /dev/sda
                    patches: ["@patches/bad.yaml"]
                """);
        assertThat(problem.file()).isEqualTo("patches/bad.yaml");
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.field()).isEqualTo("nodes[0].patches[0]");
        assertThat(problem.message()).isEqualTo("Go template: function \"nosuchfunc\" not defined");
    }

    @Test
    void aPatchThatRendersToNothingIsRefusedLikeTalhelperDoes() throws IOException {
        write("patches/cp-only.yaml", """
                {{- if eq .MachineConfig.MachineType "controlplane" }}
                machine:
                  nodeLabels: {cp: "yes"}
                {{- end }}
                """);
        String nodes = """
                patches: ["%s"]
                nodes:
                  - hostname: w1
                    ipAddress: 10.0.0.21
                    installDisk: /dev/sda
                """;
        ConfigProblem file = failure("v1.10.4", nodes.formatted("@patches/cp-only.yaml"));
        assertThat(file.file()).isEqualTo("patches/cp-only.yaml");
        assertThat(file.field()).isEqualTo("patches[0]");
        assertThat(file.message()).startsWith("the patch is empty after Go templating");
        ConfigProblem inline = failure("v1.10.4", nodes.formatted("{{ if false }}machine: {}{{ end }}"));
        assertThat(inline.file()).isEqualTo("talconfig.yaml");
        assertThat(inline.message()).startsWith("the patch is empty after Go templating");
    }

    @Test
    void nilPointerLikeTalhelperOnMultidocTalos() throws IOException {
        String nodes = """
                patches:
                  - |
                    machine:
                      nodeLabels:
                        host: '{{ .MachineConfig.MachineNetwork.NetworkHostname }}'
                nodes:
                  - hostname: n1
                    ipAddress: 10.0.0.11
                    installDisk: /dev/sda
                """;
        // Talos ≤1.11 has machine.network.hostname; from 1.12 the network section is gone and Go fails on it
        assertThat(documents(render("v1.10.4", nodes).nodes().get(0)).get(0).at("/machine/nodeLabels/host").asText())
                .isEqualTo("n1");
        ConfigProblem problem = failure("v1.13.8", nodes);
        assertThat(problem.file()).isEqualTo("talconfig.yaml");
        assertThat(problem.line()).isZero();
        assertThat(problem.field()).isEqualTo("patches[0]");
        assertThat(problem.message()).isEqualTo("Go template (line 3 of the value): executing at "
                + "<.MachineConfig.MachineNetwork.NetworkHostname>: "
                + "nil pointer evaluating *v1alpha1.NetworkConfig.NetworkHostname");
    }

    @Test
    void extraManifestsAreTemplatedAndAppendedNodeFirstThenGroup() throws IOException {
        write("m/node.yaml", """
                apiVersion: v1alpha1
                kind: ExtensionServiceConfig
                name: node-{{ .MachineConfig.MachineType }}
                environment:
                  - SITE=${SITE}
                """);
        write("m/group.yaml", """
                apiVersion: v1alpha1
                kind: ExtensionServiceConfig
                name: group
                environment:
                  - LABEL={{ index .MachineConfig.MachineNodeLabels "patched" }}
                """);
        RenderedCluster cluster = render("v1.13.8", """
                patches:
                  - |
                    machine:
                      nodeLabels: {patched: "yes"}
                worker:
                  extraManifests: [m/group.yaml]
                nodes:
                  - hostname: n1
                    ipAddress: 10.0.0.11
                    installDisk: /dev/sda
                    extraManifests: [m/node.yaml]
                """);
        List<ObjectNode> docs = documents(cluster.nodes().get(0));
        assertThat(docs).extracting(d -> d.path("kind").asText("v1alpha1") + "/" + d.path("name").asText())
                .containsExactly("v1alpha1/", "HostnameConfig/", "ExtensionServiceConfig/node-worker",
                        "ExtensionServiceConfig/group");
        // no env substitution in extraManifests, and they see the config after the global patches
        assertThat(docs.get(2).at("/environment/0").asText()).isEqualTo("SITE=${SITE}");
        assertThat(docs.get(3).at("/environment/0").asText()).isEqualTo("LABEL=yes");
    }

    @Test
    void extraManifestsMustBeLocalExistingYamlFiles() throws IOException {
        String node = """
                nodes:
                  - hostname: n1
                    ipAddress: 10.0.0.11
                    installDisk: /dev/sda
                    extraManifests: [%s]
                """;
        ConfigProblem missing = failure("v1.10.4", node.formatted("m/none.yaml"));
        assertThat(missing.file()).isEqualTo("talconfig.yaml");
        assertThat(missing.field()).isEqualTo("nodes[0].extraManifests[0]");
        assertThat(missing.message()).contains("m/none.yaml not found");

        ConfigProblem url = failure("v1.10.4", node.formatted("https://example.com/m.yaml"));
        assertThat(url.field()).isEqualTo("nodes[0].extraManifests[0]");
        assertThat(url.message()).contains("must be local files");

        write("m/range.yaml", """
                apiVersion: v1alpha1
                kind: ExtensionServiceConfig
                name: x
                environment:
                {{- range .MachineConfig.MachineCertSANs }}
                  - SAN={{ . }}
                {{- end }}
                """);
        ConfigProblem unparsable = failure("v1.10.4", node.formatted("m/range.yaml"));
        assertThat(unparsable.file()).isEqualTo("m/range.yaml");
        assertThat(unparsable.message()).contains("must be valid YAML before Go templating");
    }

    @Test
    void filenameTmplNamesTheNodeFiles() throws IOException {
        RenderedCluster cluster = render("v1.10.4", """
                worker:
                  filenameTmpl: "{{ .Role }}/{{ .Hostname }}-{{ .IPAddress }}.yaml"
                nodes:
                  - hostname: cp1
                    ipAddress: 10.0.0.11
                    controlPlane: true
                    installDisk: /dev/sda
                  - hostname: w1
                    ipAddress: 10.0.0.21, 10.0.0.22
                    installDisk: /dev/sda
                """);
        assertThat(cluster.nodes()).extracting(RenderedNode::fileName)
                .containsExactly("lab-cp1.yaml", "worker/w1-10.0.0.21, 10.0.0.22.yaml");
    }

    @Test
    void filenameTmplMustStayInTheOutputDirectoryAndDifferPerNode() throws IOException {
        String nodes = """
                worker:
                  filenameTmpl: "%s"
                nodes:
                  - hostname: w1
                    ipAddress: 10.0.0.21
                    installDisk: /dev/sda
                  - hostname: w2
                    ipAddress: 10.0.0.22
                    installDisk: /dev/sda
                """;
        assertThat(failure("v1.10.4", nodes.formatted("../{{ .Hostname }}.yaml")).message())
                .contains("not a file name inside the output directory");
        assertThat(failure("v1.10.4", nodes.formatted("/etc/{{ .Hostname }}.yaml")).message())
                .contains("not a file name inside the output directory");
        ConfigProblem duplicate = failure("v1.10.4", nodes.formatted("{{ .Role }}.yaml"));
        assertThat(duplicate.field()).isEqualTo("nodes[1].filenameTmpl");
        assertThat(duplicate.message()).contains("w2 would be written to worker.yaml, like node w1");
        // talhelper parses filenameTmpl without sprig
        ConfigProblem sprig = failure("v1.10.4", nodes.formatted("{{ upper .Hostname }}.yaml"));
        assertThat(sprig.field()).isEqualTo("nodes[0].filenameTmpl");
        assertThat(sprig.message()).isEqualTo("filenameTmpl: function \"upper\" not defined");
    }

    @Test
    void renderedKeysAreNoLongerReportedAsNotRendered() throws IOException {
        write("m/x.yaml", "apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: x\nenvironment: [A=b]\n");
        Files.writeString(repo.resolve("talconfig.yaml"), HEAD.formatted("v1.10.4") + """
                nodes:
                  - hostname: n1
                    ipAddress: 10.0.0.11
                    installDisk: /dev/sda
                    filenameTmpl: "{{ .Hostname }}.yaml"
                    overrideExtraManifests: true
                    extraManifests: [m/x.yaml]
                """);
        LoadedTalconfig loaded = new TalconfigLoader(yaml).load(repo, Map.of());
        assertThat(loaded.warnings()).extracting(ConfigProblem::toString)
                .containsExactly("WARNING talconfig.yaml:11 nodes[0].extraManifests: "
                        + "`extraManifests` is deprecated, please use `patches` instead");
    }
}
