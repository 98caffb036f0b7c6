package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HomelabRenderingTest {

    static final Path HOMELAB = Path.of("..", "examples", "homelab");
    private static final String TAILSCALE_SCHEMATIC =
            SchematicId.of(Schematic.ofExtensions("siderolabs/i915", "siderolabs/mei", "siderolabs/tailscale"));

    private static final Yaml YAML = new Yaml();
    private static RenderedCluster cluster;

    @BeforeAll
    static void render() throws IOException {
        LoadedTalconfig repo = new TalconfigLoader(YAML).load(HOMELAB, Map.of());
        cluster = new MachineConfigRenderer(YAML).render(repo,
                Map.of("k8s-1", List.of("100.101.102.1", "k8s-1.tail1234.ts.net")));
        String out = System.getenv("TAILTALOS_RENDER_DIR");
        if (out != null) {
            Files.createDirectories(Path.of(out));
            for (RenderedNode node : cluster.nodes()) {
                Files.writeString(Path.of(out, "homelab-" + node.hostname() + ".yaml"), node.configYaml());
            }
        }
    }

    private static List<ObjectNode> documents(RenderedNode node) {
        return YAML.readObjects(node.hostname(), node.configYaml());
    }

    @Test
    void rendersThreeControlPlaneNodes() {
        assertThat(cluster.clusterName()).isEqualTo("homelab");
        assertThat(cluster.nodes()).extracting(RenderedNode::hostname).containsExactly("k8s-1", "k8s-2", "k8s-3");
        assertThat(cluster.nodes()).allMatch(RenderedNode::controlPlane);
        assertThat(cluster.nodes().get(1).addresses()).containsExactly("192.168.1.12");
        assertThat(cluster.warnings()).isEmpty();
    }

    @Test
    void eachNodeHasItsTailscaleExtensionServiceConfig() {
        for (RenderedNode node : cluster.nodes()) {
            List<ObjectNode> docs = documents(node);
            assertThat(docs).hasSize(2);
            ObjectNode tailscale = docs.get(1);
            assertThat(tailscale.get("kind").asText()).isEqualTo("ExtensionServiceConfig");
            assertThat(tailscale.get("name").asText()).isEqualTo("tailscale");
            assertThat(tailscale.get("environment")).extracting(JsonNode::asText)
                    .contains("TS_AUTHKEY=custody://tailscale/authkey", "TS_HOSTNAME=" + node.hostname());
            assertThat(node.references()).contains(
                    new SecretUse("custody://tailscale/authkey", "ExtensionServiceConfig/tailscale:environment[0]"));
        }
    }

    @Test
    void certSansIncludeAdditionalSansAndTailnetNames() {
        ObjectNode k8s1 = documents(cluster.nodes().get(0)).get(0);
        assertThat(k8s1.at("/machine/certSANs")).extracting(JsonNode::asText)
                .containsExactly("192.168.1.10", "homelab.local", "100.101.102.1", "k8s-1.tail1234.ts.net");
        // talhelper puts the endpoint host first (Talos <= 1.11) and does not de-duplicate what the operator wrote
        assertThat(k8s1.at("/cluster/apiServer/certSANs")).extracting(JsonNode::asText)
                .containsExactly("192.168.1.10", "192.168.1.10", "homelab.local", "100.101.102.1", "k8s-1.tail1234.ts.net");
        ObjectNode k8s2 = documents(cluster.nodes().get(1)).get(0);
        assertThat(k8s2.at("/machine/certSANs")).extracting(JsonNode::asText)
                .containsExactly("192.168.1.10", "homelab.local");
    }

    @Test
    void installerImageUsesTheSchematicId() {
        for (RenderedNode node : cluster.nodes()) {
            assertThat(node.schematicId()).isEqualTo(TAILSCALE_SCHEMATIC);
            assertThat(node.installerImage()).isEqualTo("factory.talos.dev/metal-installer/" + TAILSCALE_SCHEMATIC + ":v1.10.4");
            assertThat(documents(node).get(0).at("/machine/install/image").asText()).isEqualTo(node.installerImage());
            assertThat(node.talosVersion()).isEqualTo("v1.10.4");
        }
    }

    @Test
    void appliesGroupNodeAndGlobalPatchesAndEnvVariables() {
        ObjectNode config = documents(cluster.nodes().get(2)).get(0);
        assertThat(config.at("/cluster/controlPlane/endpoint").asText()).isEqualTo("https://192.168.1.10:6443");
        assertThat(config.at("/cluster/network/dnsDomain").asText()).isEqualTo("cluster.local");
        assertThat(config.at("/cluster/network/serviceSubnets/0").asText()).isEqualTo("10.43.0.0/16");
        assertThat(config.at("/machine/kubelet/image").asText()).isEqualTo("ghcr.io/siderolabs/kubelet:v1.33.1");
        assertThat(config.at("/machine/kubelet/nodeIP/validSubnets/1").asText()).isEqualTo("!100.64.0.0/10");
        assertThat(config.at("/cluster/etcd/advertisedSubnets/1").asText()).isEqualTo("!100.64.0.0/10");
        assertThat(config.at("/cluster/etcd/ca/key").asText()).isEqualTo(SecretsBundleRef.ETCD_KEY);
        assertThat(config.at("/machine/network/interfaces/0/vip/ip").asText()).isEqualTo("192.168.1.10");
        assertThat(config.at("/machine/network/hostname").asText()).isEqualTo("k8s-3");
        assertThat(config.at("/cluster/allowSchedulingOnControlPlanes").asBoolean()).isTrue();
    }

    @Test
    void everySecretIsAReference() {
        RenderedNode node = cluster.nodes().get(0);
        assertThat(node.references()).contains(
                new SecretUse(SecretsBundleRef.OS_KEY, "v1alpha1:machine.ca.key"),
                new SecretUse(SecretsBundleRef.TRUSTD_TOKEN, "v1alpha1:machine.token"),
                new SecretUse(SecretsBundleRef.CLUSTER_SECRET, "v1alpha1:cluster.secret"),
                new SecretUse(SecretsBundleRef.K8S_SERVICE_ACCOUNT_KEY, "v1alpha1:cluster.serviceAccount.key"));
        assertThat(node.configYaml()).doesNotContain("BEGIN", "tskey-");
    }

    @Test
    void renderingIsDeterministic() {
        LoadedTalconfig repo = new TalconfigLoader(YAML).load(HOMELAB, Map.of());
        RenderedCluster again = new MachineConfigRenderer(YAML).render(repo,
                Map.of("k8s-1", List.of("100.101.102.1", "k8s-1.tail1234.ts.net")));
        assertThat(again).isEqualTo(cluster);
    }
}
