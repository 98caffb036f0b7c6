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

class WorkerRenderingTest {

    @TempDir
    Path repo;

    private final Yaml yaml = new Yaml();

    private RenderedNode render(String talconfig) throws IOException {
        Files.writeString(repo.resolve("talconfig.yaml"), talconfig);
        LoadedTalconfig loaded = new TalconfigLoader(yaml).load(repo, Map.of("TS_KEY", "custody://tailscale/authkey"));
        return new MachineConfigRenderer(yaml).renderNode(loaded, 0, List.of("100.64.0.7"));
    }

    @Test
    void workerHasNoControlPlaneSecretsAndGetsExtensionServices() throws IOException {
        RenderedNode node = render("""
                clusterName: lab
                talosVersion: v1.10.4
                kubernetesVersion: 1.33.1
                endpoint: https://10.0.0.10:6443
                worker:
                  nodeTaints: {dedicated: gpu:NoSchedule}
                  extensionServices:
                    - name: tailscale
                      environment:
                        - TS_AUTHKEY=${TS_KEY}
                        - TS_HOSTNAME=w1
                nodes:
                  - hostname: w1
                    ipAddress: 10.0.0.21
                    installDisk: /dev/nvme0n1
                    nameservers: [1.1.1.1]
                    patches:
                      - |
                        machine:
                          certSANs: [inline.example]
                """);
        List<ObjectNode> docs = yaml.readObjects("w1", node.configYaml());
        ObjectNode config = docs.get(0);
        assertThat(node.controlPlane()).isFalse();
        assertThat(node.installerImage()).isEqualTo(
                "factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.10.4");
        assertThat(node.schematicId()).isNull();
        assertThat(config.at("/machine/type").asText()).isEqualTo("worker");
        // Talos writes an empty key for workers
        assertThat(config.at("/machine/ca/key").asText()).isEmpty();
        assertThat(config.at("/cluster/ca/key").asText()).isEmpty();
        assertThat(config.get("cluster").has("apiServer")).isFalse();
        assertThat(config.get("cluster").has("secretboxEncryptionSecret")).isFalse();
        assertThat(config.get("machine").has("nodeLabels")).isFalse();
        assertThat(config.at("/machine/nodeTaints/dedicated").asText()).isEqualTo("gpu:NoSchedule");
        assertThat(config.at("/machine/network/nameservers/0").asText()).isEqualTo("1.1.1.1");
        assertThat(config.at("/machine/kubelet/image").asText()).isEqualTo("ghcr.io/siderolabs/kubelet:v1.33.1");
        assertThat(config.at("/machine/certSANs").toString()).isEqualTo("[\"100.64.0.7\",\"inline.example\"]");
        assertThat(docs.get(1).at("/environment/0").asText()).isEqualTo("TS_AUTHKEY=custody://tailscale/authkey");
        assertThat(node.references()).extracting(SecretUse::usedAt).doesNotContain("v1alpha1:machine.ca.key");
    }

    @Test
    void jsonPatchOnMultiDocumentConfigNamesInlinePatchAndField() throws IOException {
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class, () -> render("""
                clusterName: lab
                talosVersion: v1.10.4
                kubernetesVersion: v1.33.1
                endpoint: https://10.0.0.10:6443
                nodes:
                  - hostname: w1
                    ipAddress: 10.0.0.21
                    installDisk: /dev/sda
                    extensionServices:
                      - {name: tailscale, environment: [TS_HOSTNAME=w1]}
                    patches:
                      - |
                        - op: add
                          path: /machine/certSANs/-
                          value: x
                """));
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("nodes[0].patches[0]");
            assertThat(p.message()).startsWith("inline #1")
                    .contains("JSON6902 patches are not supported for multi-document machine configuration");
        });
    }

    @Test
    void jsonPatchWorksOnSingleDocumentConfig() throws IOException {
        RenderedNode node = render("""
                clusterName: lab
                talosVersion: v1.10.4
                kubernetesVersion: v1.33.1
                endpoint: https://10.0.0.10:6443
                nodes:
                  - hostname: w1
                    ipAddress: 10.0.0.21
                    installDisk: /dev/sda
                    patches:
                      - |
                        - op: replace
                          path: /machine/install/wipe
                          value: true
                """);
        assertThat(yaml.readObjects("w1", node.configYaml()).get(0).at("/machine/install/wipe").asBoolean()).isTrue();
    }
}
