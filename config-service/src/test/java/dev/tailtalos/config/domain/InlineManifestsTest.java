package dev.tailtalos.config.domain;

import static dev.tailtalos.config.domain.RepoFixture.HEADER;
import static dev.tailtalos.config.domain.RepoFixture.NODES;
import static dev.tailtalos.config.domain.RepoFixture.v1alpha1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.common.yaml.YamlLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InlineManifestsTest {

    @TempDir
    Path dir;

    private static List<String> names(JsonNode manifests) {
        List<String> names = new ArrayList<>();
        manifests.forEach(m -> names.add(m.path("name").asText()));
        return names;
    }

    @Test
    void inlineAndFileContentsGoToEveryNodeInOrder() {
        RepoFixture repo = new RepoFixture(dir)
                .file("talenv.yaml", "NS: apps\n")
                .file("manifests/ns.yaml", "kind: Namespace\nname: ${NS}\n")
                .file("manifests/raw.yaml", "echo ${HOME} $1\n")
                .talconfig(HEADER + """
                        inlineManifests:
                          - name: inline
                            contents: "kind: ConfigMap\\nnamespace: ${NS}\\n"
                          - name: from-file
                            contents: "@manifests/ns.yaml"
                          - name: verbatim
                            contents: "@./manifests/raw.yaml"
                            skipEnvsubst: true
                        """ + NODES);
        for (String host : List.of("cp1", "w1")) {
            JsonNode manifests = v1alpha1(repo.documents(host)).path("cluster").path("inlineManifests");
            assertThat(names(manifests)).containsExactly("inline", "from-file", "verbatim");
            assertThat(manifests.get(0).path("contents").asText()).isEqualTo("kind: ConfigMap\nnamespace: apps\n");
            assertThat(manifests.get(1).path("contents").asText()).isEqualTo("kind: Namespace\nname: apps\n");
            assertThat(manifests.get(2).path("contents").asText()).isEqualTo("echo ${HOME} $1\n");
            assertThat(manifests.get(0).has("skipEnvsubst")).isFalse();
        }
    }

    @Test
    void withoutInlineManifestsTheKeyIsAbsentAndNotWarnedAbout() {
        RepoFixture repo = new RepoFixture(dir).talconfig(HEADER + "inlineManifests: []\n" + NODES);
        assertThat(v1alpha1(repo.documents("cp1")).path("cluster").has("inlineManifests")).isFalse();
        assertThat(repo.load().warnings()).extracting(ConfigProblem::field).doesNotContain("inlineManifests");
    }

    @Test
    void aPathOutsideTheRepoIsRefusedNamingTheField() {
        ConfigValidationException e = new RepoFixture(dir).talconfig(HEADER + """
                inlineManifests:
                  - name: escape
                    contents: "@../../etc/passwd"
                """ + NODES).refused();
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("talconfig.yaml");
            assertThat(p.field()).isEqualTo("inlineManifests[0].contents");
            assertThat(p.message()).contains("inline manifest path @../../etc/passwd escapes the repo directory");
        });
    }

    @Test
    void aSymlinkOutOfTheRepoIsRefused() throws IOException {
        Path outside = Files.createTempFile("outside", ".yaml");
        try {
            Files.createSymbolicLink(dir.resolve("link.yaml"), outside);
            ConfigValidationException e = new RepoFixture(dir).talconfig(HEADER + """
                    inlineManifests:
                      - name: link
                        contents: "@link.yaml"
                    """ + NODES).refused();
            assertThat(e.errors()).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("inlineManifests[0].contents");
                assertThat(p.message()).contains("escapes the repo directory through a link");
            });
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void aMissingFileIsRefusedNamingFileAndField() {
        ConfigValidationException e = new RepoFixture(dir).talconfig(HEADER + """
                inlineManifests:
                  - name: gone
                    contents: "@manifests/gone.yaml"
                """ + NODES).refused();
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("inlineManifests[0].contents");
            assertThat(p.message()).isEqualTo("inline manifest file manifests/gone.yaml not found");
        });
    }

    @Test
    void anOversizeFileIsRefusedNamingFileAndField() {
        Yaml small = new Yaml(new YamlLimits(2048, 64, 50, 10_000));
        ConfigValidationException e = new RepoFixture(dir, small)
                .file("manifests/big.yaml", "k: v\n".repeat(1000))
                .talconfig(HEADER + """
                        inlineManifests:
                          - name: big
                            contents: "@manifests/big.yaml"
                        """ + NODES).refused();
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("manifests/big.yaml");
            assertThat(p.field()).isEqualTo("inlineManifests[0].contents");
            assertThat(p.message()).contains("5000 bytes, larger than the limit of 2048");
        });
    }

    @Test
    void anUnsetVariableInTheFileNamesFileAndField() {
        ConfigValidationException e = new RepoFixture(dir)
                .file("manifests/cm.yaml", "value: ${NOT_SET_ANYWHERE}\n")
                .talconfig(HEADER + """
                        inlineManifests:
                          - name: cm
                            contents: "@manifests/cm.yaml"
                        """ + NODES).refused();
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("manifests/cm.yaml");
            assertThat(p.field()).isEqualTo("inlineManifests[0].contents");
            assertThat(p.message()).contains("NOT_SET_ANYWHERE");
        });
    }

    @Test
    void anEncryptedFileWithoutKeysTravelsEncryptedWithEmptyContentsInTheConfig() {
        String encrypted = """
                data: ENC[AES256_GCM,data:c2VjcmV0LXRva2Vu,iv:aXY=,tag:dGFn,type:str]
                sops:
                    age: []
                    version: 3.10.2
                """;
        RenderedNode node = new RepoFixture(dir)
                .file("manifests/secret.sops.yaml", encrypted)
                .talconfig(HEADER + """
                        inlineManifests:
                          - name: plain
                            contents: "x: 1"
                          - name: secret
                            contents: "@manifests/secret.sops.yaml"
                            skipEnvsubst: true
                        """ + NODES).render().nodes().get(0);
        assertThat(node.deferred()).isTrue();
        assertThat(node.inlineManifests()).singleElement().satisfies(m -> {
            assertThat(m.index()).isEqualTo(1);
            assertThat(m.name()).isEqualTo("secret");
            assertThat(m.source()).isEqualTo("manifests/secret.sops.yaml");
            assertThat(m.field()).isEqualTo("inlineManifests[1].contents");
            assertThat(m.content()).isEqualTo(encrypted);
            assertThat(m.skipEnvsubst()).isTrue();
        });
        for (String config : List.of(node.baseConfig(), node.configYaml())) {
            var manifests = new dev.tailtalos.common.yaml.Yaml().readAll("config", config).get(0)
                    .at("/cluster/inlineManifests");
            assertThat(manifests.get(0).path("contents").asText()).isEqualTo("x: 1");
            assertThat(manifests.get(1).path("name").asText()).isEqualTo("secret");
            assertThat(manifests.get(1).path("contents").asText()).isEmpty();
        }
    }

    @Test
    void namesMustBePresentAndUnique() {
        ConfigValidationException e = new RepoFixture(dir).talconfig(HEADER + """
                inlineManifests:
                  - name: a
                    contents: "x: 1"
                  - name: a
                    contents: "x: 2"
                  - contents: "x: 3"
                """ + NODES).refused();
        assertThat(e.errors()).extracting(ConfigProblem::field, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("inlineManifests[1].name", "inline manifest name \"a\" is duplicate"),
                org.assertj.core.groups.Tuple.tuple("inlineManifests[2].name", "inline manifest name can't be empty"));
    }

    @Test
    void aFileThatIsNotYamlNamesTheLineButQuotesNothing() {
        ConfigValidationException e = new RepoFixture(dir)
                .file("manifests/broken.yaml", "kind: Secret\ndata:\n  token: s3cr3t-value: oops\n")
                .talconfig(HEADER + """
                        inlineManifests:
                          - name: broken
                            contents: "@manifests/broken.yaml"
                        """ + NODES).refused();
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("manifests/broken.yaml");
            assertThat(p.field()).isEqualTo("inlineManifests[0].contents");
            assertThat(p.message()).startsWith("manifests/broken.yaml: not valid YAML at line 3: ");
        });
        assertThat(e.getMessage()).doesNotContain("s3cr3t");
    }
}
