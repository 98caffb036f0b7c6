package dev.tailtalos.config.domain;

import static dev.tailtalos.config.domain.RepoFixture.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What config-service leaves for secrets-service without SOPS keys (DESIGN rule 7): encrypted files as they are, and
 * every Go template whose data would hold something only secrets-service can read, untemplated, with its batch.
 */
class DeferredPartsRenderingTest {

    private static final String ENCRYPTED = """
            machine: ENC[AES256_GCM,data:c2VjcmV0,iv:aXY=,tag:dGFn,type:str]
            sops:
                age: []
                version: 3.10.2
            """;
    private static final String ONE_NODE = """
            nodes:
              - hostname: cp1
                ipAddress: 10.0.0.10
                controlPlane: true
                installDisk: /dev/sda
            """;

    @TempDir
    Path dir;

    @Test
    void templatesAfterTheBatchOfAnEncryptedPatchTravelUntemplated() {
        RenderedNode node = new RepoFixture(dir)
                .file("talenv.yaml", "ZONE: lab\n")
                .file("p/secret.sops.yaml", ENCRYPTED)
                .file("p/same-batch.yaml", "machine:\n  env:\n    same: '{{ .MachineConfig.MachineType }}'\n")
                .file("p/global.yaml", "machine:\n  env:\n    global: '{{ .MachineConfig.MachineType }}-${ZONE}'\n")
                .file("p/plain.yaml", "machine:\n  env:\n    plain: ${ZONE}\n")
                .talconfig(HEADER + """
                        patches:
                          - "@p/global.yaml"
                          - "@p/plain.yaml"
                          - |
                            machine:
                              env:
                                inline: '{{ .MachineConfig.MachineType }}'
                        controlPlane:
                          patches:
                            - "@p/secret.sops.yaml"
                            - "@p/same-batch.yaml"
                        """ + ONE_NODE).render().nodes().get(0);

        assertThat(node.deferred()).isTrue();
        assertThat(node.patches()).extracting(OrderedPatch::source, OrderedPatch::field, OrderedPatch::batch,
                OrderedPatch::sopsEncrypted, OrderedPatch::goTemplate, OrderedPatch::inline).containsExactly(
                org.assertj.core.groups.Tuple.tuple("p/secret.sops.yaml", "controlPlane.patches[0]", 0, true, true, false),
                org.assertj.core.groups.Tuple.tuple("p/same-batch.yaml", "controlPlane.patches[1]", 0, false, false, false),
                org.assertj.core.groups.Tuple.tuple("p/global.yaml", "patches[0]", 1, false, true, false),
                org.assertj.core.groups.Tuple.tuple("p/plain.yaml", "patches[1]", 1, false, false, false),
                org.assertj.core.groups.Tuple.tuple("inline #1 (patches[2])", "patches[2]", 1, false, true, true));
        // the same batch as the encrypted patch: its data is the config before the batch, so templated here
        assertThat(node.patches().get(1).content()).contains("same: 'controlplane'");
        // later: as written (template and ${VAR} untouched, secrets-service renders then substitutes)
        assertThat(node.patches().get(2).content()).contains("{{ .MachineConfig.MachineType }}-${ZONE}");
        assertThat(node.patches().get(3).content()).contains("plain: lab");
        assertThat(node.extraManifests()).isEmpty();
        // the preview lacks what secrets-service adds
        assertThat(node.configYaml()).contains("same: controlplane").contains("plain: lab").doesNotContain("global:")
                .doesNotContain("inline:");
    }

    @Test
    void anEncryptedExtraManifestDefersEveryExtraManifestButNoPatch() {
        RenderedNode node = new RepoFixture(dir)
                .file("m/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: '{{ .MachineConfig.MachineType }}'\n")
                .file("m/secret.sops.yaml", ENCRYPTED)
                .file("p/node.yaml", "machine:\n  env:\n    n: '{{ .MachineConfig.MachineType }}'\n")
                .talconfig(HEADER + """
                        nodes:
                          - hostname: cp1
                            ipAddress: 10.0.0.10
                            controlPlane: true
                            installDisk: /dev/sda
                            patches: ["@p/node.yaml"]
                            extraManifests: [m/cm.yaml, m/secret.sops.yaml]
                        """).render().nodes().get(0);

        assertThat(node.deferred()).isTrue();
        assertThat(node.patches()).singleElement().satisfies(p -> {
            assertThat(p.goTemplate()).isFalse();
            assertThat(p.content()).contains("n: 'controlplane'");
        });
        assertThat(node.extraManifests()).extracting(DeferredExtraManifest::source, DeferredExtraManifest::field,
                DeferredExtraManifest::sopsEncrypted).containsExactly(
                org.assertj.core.groups.Tuple.tuple("m/cm.yaml", "nodes[0].extraManifests[0]", false),
                org.assertj.core.groups.Tuple.tuple("m/secret.sops.yaml", "nodes[0].extraManifests[1]", true));
        assertThat(node.extraManifests().get(0).content()).contains("{{ .MachineConfig.MachineType }}");
        assertThat(node.extraManifests().get(1).content()).isEqualTo(ENCRYPTED);
        assertThat(node.configYaml()).doesNotContain("ConfigMap");
    }

    @Test
    void anEncryptedInlineManifestDefersEveryTemplatedPatch() {
        RenderedNode node = new RepoFixture(dir)
                .file("m/inline.sops.yaml", ENCRYPTED)
                .file("p/node.yaml", "machine:\n  env:\n    n: '{{ len .ClusterConfig.ClusterInlineManifests }}'\n")
                .file("p/plain.yaml", "machine:\n  env:\n    p: plain\n")
                .talconfig(HEADER + """
                        inlineManifests:
                          - name: secret
                            contents: "@m/inline.sops.yaml"
                        controlPlane:
                          patches: ["@p/node.yaml", "@p/plain.yaml"]
                        """ + ONE_NODE).render().nodes().get(0);

        assertThat(node.deferred()).isTrue();
        assertThat(node.inlineManifests()).singleElement().satisfies(m -> assertThat(m.field())
                .isEqualTo("inlineManifests[0].contents"));
        assertThat(node.patches()).extracting(OrderedPatch::goTemplate).containsExactly(true, false);
    }

    @Test
    void aDeferredTemplateThatDoesNotParseIsRefusedHereNamingFileAndField() {
        ConfigValidationException e = new RepoFixture(dir)
                .file("p/secret.sops.yaml", ENCRYPTED)
                .file("p/broken.yaml", "machine:\n  env:\n    x: '{{ .MachineConfig.MachineType '\n")
                .talconfig(HEADER + """
                        patches: ["@p/broken.yaml"]
                        controlPlane:
                          patches: ["@p/secret.sops.yaml"]
                        """ + ONE_NODE).refused();
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("p/broken.yaml");
            assertThat(p.field()).isEqualTo("patches[0]");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("Go template:");
        });
    }
}
