package dev.tailtalos.common.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigPatcherTest {

    private static final String BASE = """
            version: v1alpha1
            machine:
              type: worker
              certSANs:
                - a.example
              kubelet:
                image: kubelet:v1
                extraArgs:
                  foo: bar
              network:
                interfaces:
                  - interface: eth0
                    dhcp: true
                    addresses:
                      - 10.0.0.2/24
                  - interface: eth1
                    dhcp: false
            cluster:
              network:
                podSubnets:
                  - 10.244.0.0/16
                serviceSubnets:
                  - 10.96.0.0/12
            ---
            apiVersion: v1alpha1
            kind: ExtensionServiceConfig
            name: tailscale
            environment:
              - TS_AUTHKEY=custody://tailscale/authkey
            configFiles:
              - mountPath: /etc/a
                content: old
            """;

    private final Yaml yaml = new Yaml();
    private final ConfigPatcher patcher = new ConfigPatcher(yaml);

    private List<ObjectNode> base() {
        return yaml.readObjects("base.yaml", BASE);
    }

    private List<ObjectNode> patch(String text) {
        return patcher.apply(base(), patcher.load("p.yaml", text));
    }

    @Test
    void mergesMapsAndAppendsLists() {
        List<ObjectNode> out = patch("""
                machine:
                  certSANs: [b.example]
                  kubelet:
                    extraArgs:
                      rotate: "true"
                """);
        ObjectNode machine = (ObjectNode) out.get(0).get("machine");
        assertThat(machine.get("certSANs")).hasSize(2);
        assertThat(machine.at("/kubelet/extraArgs").fieldNames()).toIterable().containsExactly("foo", "rotate");
        assertThat(machine.at("/kubelet/image").asText()).isEqualTo("kubelet:v1");
    }

    @Test
    void replacesPodAndServiceSubnets() {
        List<ObjectNode> out = patch("cluster:\n  network:\n    podSubnets: [10.42.0.0/16]\n    serviceSubnets: [10.43.0.0/16]\n");
        assertThat(out.get(0).at("/cluster/network/podSubnets").toString()).isEqualTo("[\"10.42.0.0/16\"]");
        assertThat(out.get(0).at("/cluster/network/serviceSubnets").toString()).isEqualTo("[\"10.43.0.0/16\"]");
    }

    @Test
    void mergesInterfacesByNameAndDeletesWithPatchDirective() {
        List<ObjectNode> out = patch("""
                machine:
                  network:
                    interfaces:
                      - interface: eth0
                        addresses: [10.0.0.3/24]
                        vip:
                          ip: 10.0.0.10
                      - interface: eth1
                        $patch: delete
                      - interface: eth2
                        dhcp: true
                  kubelet:
                    extraArgs:
                      $patch: delete
                """);
        ObjectNode machine = (ObjectNode) out.get(0).get("machine");
        assertThat(machine.at("/network/interfaces")).hasSize(2);
        assertThat(machine.at("/network/interfaces/0/addresses")).hasSize(2);
        assertThat(machine.at("/network/interfaces/0/vip/ip").asText()).isEqualTo("10.0.0.10");
        assertThat(machine.at("/network/interfaces/1/interface").asText()).isEqualTo("eth2");
        assertThat(machine.get("kubelet").has("extraArgs")).isFalse();
        assertThat(yaml.write(out)).doesNotContain("$patch");
    }

    @Test
    void matchesDocumentsByKindAndNameAndAppendsUnmatched() {
        List<ObjectNode> out = patch("""
                apiVersion: v1alpha1
                kind: ExtensionServiceConfig
                name: tailscale
                environment:
                  - TS_HOSTNAME=k8s-1
                configFiles:
                  - mountPath: /etc/a
                    content: new
                ---
                apiVersion: v1alpha1
                kind: ExtensionServiceConfig
                name: other
                environment: [X=1]
                ---
                machine:
                  type: controlplane
                """);
        assertThat(out).hasSize(3);
        assertThat(out.get(0).at("/machine/type").asText()).isEqualTo("controlplane");
        assertThat(out.get(1).get("environment")).hasSize(2);
        assertThat(out.get(1).get("configFiles")).hasSize(1);
        assertThat(out.get(1).at("/configFiles/0/content").asText()).isEqualTo("new");
        assertThat(out.get(2).get("name").asText()).isEqualTo("other");
    }

    @Test
    void deletesWholeDocumentButNotV1alpha1() {
        List<ObjectNode> out = patch("apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\n$patch: delete\n");
        assertThat(out).hasSize(1);
        assertThatThrownBy(() -> patch("machine:\n  type: worker\n$patch: delete\n"))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("p.yaml");
    }

    @Test
    void typeMismatchNamesSourceAndPath() {
        assertThatThrownBy(() -> patch("machine:\n  kubelet:\n    extraArgs: [x]\n"))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("p.yaml at v1alpha1:machine.kubelet.extraArgs")
                .satisfies(e -> assertThat(((PatchException) e).path()).isEqualTo("v1alpha1:machine.kubelet.extraArgs"));
    }

    @Test
    void unknownKeyIsRefusedNamingFileLineKeyAndTheKeyMeant() {
        assertThatThrownBy(() -> patch("machine:\n  certSAN:\n    - 100.64.0.10\n"))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("p.yaml")
                .hasMessageContaining("line 2")
                .hasMessageContaining("unknown key \"machine.certSAN\"")
                .hasMessageContaining("did you mean \"certSANs\"?");
    }

    @Test
    void duplicateDocumentsInOnePatchAreRefused() {
        assertThatThrownBy(() -> patch("machine:\n  type: worker\n---\nmachine:\n  type: controlplane\n"))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("duplicate");
    }

    @Test
    void zeroValuesDoNotOverride() {
        List<ObjectNode> out = patch("machine:\n  kubelet:\n    image: \"\"\n");
        assertThat(out.get(0).at("/machine/kubelet/image").asText()).isEqualTo("kubelet:v1");
    }

    @Test
    void admissionPluginsMergeByNameAndDeleteByName() {
        String cluster = "cluster:\n  apiServer:\n    admissionControl:\n      - name: PodSecurity\n"
                + "        configuration:\n          exemptions:\n            namespaces: [kube-system]\n";
        List<ObjectNode> config = patcher.apply(base(), patcher.load("a.yaml", cluster));
        List<ObjectNode> merged = patcher.apply(config, patcher.load("b.yaml", "cluster:\n  apiServer:\n"
                + "    admissionControl:\n      - name: PodSecurity\n        configuration:\n          exemptions:\n"
                + "            namespaces: [tailscale]\n"));
        assertThat(merged.get(0).at("/cluster/apiServer/admissionControl")).hasSize(1);
        assertThat(merged.get(0).at("/cluster/apiServer/admissionControl/0/configuration/exemptions/namespaces"))
                .hasSize(2);
        List<ObjectNode> deleted = patcher.apply(config, patcher.load("c.yaml", "cluster:\n  apiServer:\n"
                + "    admissionControl:\n      - name: PodSecurity\n        $patch: delete\n"));
        assertThat(deleted.get(0).at("/cluster/apiServer/admissionControl")).isEmpty();
    }

    @Test
    void aDeleteThatMatchesNothingIsRefused() {
        assertThatThrownBy(() -> patch("machine:\n  network:\n    interfaces:\n      - interface: eth9\n"
                + "        $patch: delete\n"))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("p.yaml")
                .hasMessageContaining("interface: eth9")
                .hasMessageContaining("matches nothing");
    }

    @Test
    void configFilesMergeByMountPathAndDeleteByContent() {
        List<ObjectNode> out = patch("apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\n"
                + "configFiles:\n  - mountPath: /etc/a\n    content: new\n");
        assertThat(out.get(1).get("configFiles")).hasSize(1);
        List<ObjectNode> deleted = patch("apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\n"
                + "configFiles:\n  - content: old\n    $patch: delete\n");
        assertThat(deleted.get(1).path("configFiles")).isEmpty();
    }

    @Test
    void doesNotModifyItsInput() {
        List<ObjectNode> config = base();
        String before = yaml.write(config);
        patcher.apply(config, patcher.load("p", "machine:\n  certSANs: [x]\n"));
        assertThat(yaml.write(config)).isEqualTo(before);
    }

    private List<ObjectNode> single() {
        return List.of(base().get(0));
    }

    private ObjectNode json(String ops) {
        return patcher.apply(single(), patcher.load("ops.yaml", ops)).get(0);
    }

    @Test
    void jsonPatchOperations() {
        ObjectNode out = json("""
                - op: add
                  path: /machine/nodeLabels
                  value: {}
                - op: add
                  path: /machine/nodeLabels/topology.kubernetes.io~1zone
                  value: rack-1
                - op: add
                  path: /machine/nodeLabels/tilde~0key
                  value: t
                - op: replace
                  path: /machine/type
                  value: controlplane
                - op: add
                  path: /machine/certSANs/0
                  value: first.example
                - op: add
                  path: /machine/certSANs/-
                  value: last.example
                - op: copy
                  from: /machine/kubelet/image
                  path: /machine/install
                - op: move
                  from: /machine/install
                  path: /machine/installImage
                - op: remove
                  path: /machine/network
                - op: test
                  path: /machine/certSANs/1
                  value: a.example
                """);
        assertThat(out.at("/machine/nodeLabels/topology.kubernetes.io~1zone").asText()).isEqualTo("rack-1");
        assertThat(out.at("/machine/nodeLabels").has("tilde~key")).isTrue();
        assertThat(out.at("/machine/type").asText()).isEqualTo("controlplane");
        assertThat(out.at("/machine/certSANs").toString()).isEqualTo("[\"first.example\",\"a.example\",\"last.example\"]");
        assertThat(out.at("/machine/installImage").asText()).isEqualTo("kubelet:v1");
        assertThat(out.at("/machine").has("install")).isFalse();
        assertThat(out.at("/machine").has("network")).isFalse();
    }

    @Test
    void jsonPatchAcceptsJsonText() {
        ObjectNode out = json("[{\"op\": \"replace\", \"path\": \"/version\", \"value\": \"v1alpha1\"}]");
        assertThat(out.get("version").asText()).isEqualTo("v1alpha1");
    }

    @Test
    void jsonPatchFailuresNameOperationAndPath() {
        assertThatThrownBy(() -> json("- op: test\n  path: /machine/type\n  value: controlplane\n"))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("ops.yaml at operation #1 (test /machine/type)")
                .hasMessageContaining("test failed");
        assertThatThrownBy(() -> json("- op: remove\n  path: /machine/nope\n"))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> json("- op: replace\n  path: /machine/certSANs/5\n  value: x\n"))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> json("- op: move\n  from: /machine\n  path: /machine/x\n"))
                .hasMessageContaining("own child");
        assertThatThrownBy(() -> json("- op: frobnicate\n  path: /machine\n"))
                .hasMessageContaining("unknown op");
    }

    @Test
    void jsonPatchRefusedOnMultiDocumentConfig() {
        assertThatThrownBy(() -> patch("- op: remove\n  path: /machine/type\n"))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("JSON6902 patches are not supported for multi-document machine configuration")
                .hasMessageStartingWith("p.yaml");
    }

    @Test
    void testOpComparesNumbersByValue() {
        ObjectNode out = patcher.apply(List.of(yaml.readObjects("b", "machine:\n  port: 7445\n").get(0)),
                patcher.load("p", "- {op: test, path: /machine/port, value: 7445.0}\n")).get(0);
        assertThat(out.at("/machine/port").asInt()).isEqualTo(7445);
    }
}
