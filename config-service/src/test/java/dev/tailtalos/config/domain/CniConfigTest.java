package dev.tailtalos.config.domain;

import static dev.tailtalos.config.domain.RepoFixture.HEADER;
import static dev.tailtalos.config.domain.RepoFixture.NODES;
import static dev.tailtalos.config.domain.RepoFixture.v1alpha1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniConfigTest {

    @TempDir
    Path dir;

    private RepoFixture repo(String cni) {
        return new RepoFixture(dir).talconfig(HEADER + "cniConfig:\n" + cni.indent(2) + NODES);
    }

    @Test
    void aValidConfigIsCopiedToEveryNode() {
        RepoFixture repo = repo("name: none\n");
        for (String host : new String[] {"cp1", "w1"}) {
            assertThat(v1alpha1(repo.documents(host)).path("cluster").path("network").path("cni").path("name").asText())
                    .isEqualTo("none");
        }
        assertThat(v1alpha1(repo("""
                name: custom
                urls: ["https://[fd00::1]:8443/cni.yaml", "https://example.com/cilium.yaml"]
                """).documents("cp1")).path("cluster").path("network").path("cni").path("urls")).hasSize(2);
    }

    @Test
    void anUnknownNameIsRefused() {
        assertThat(repo("name: cilium\n").refused().errors()).extracting(ConfigProblem::field, ConfigProblem::message)
                .containsExactly(tuple("cniConfig.name", "cni name should be one of [\"flannel\", \"custom\", \"none\"], got \"cilium\""));
    }

    @Test
    void customNeedsValidUrlsAndNoFlannelSettings() {
        assertThat(repo("""
                name: custom
                urls: ["https://:8443/x.yaml", "https://example.com:http/x.yaml", "https://fd00::1/x.yaml", "https://h:0/x"]
                flannel:
                  extraArgs: [--iface=eth0]
                  kubeNetworkPoliciesEnabled: true
                """).refused().errors()).extracting(ConfigProblem::field, ConfigProblem::message).containsExactly(
                tuple("cniConfig.flannel.extraArgs", "\"flanneldExtraArgs\" field should be empty for \"custom\" CNI"),
                tuple("cniConfig.flannel.kubeNetworkPoliciesEnabled",
                        "\"flannelKubeNetworkPoliciesEnabled\" should not be enabled for \"custom\" CNI"),
                tuple("cniConfig.urls[0]", "hostname must not be blank: \"https://:8443/x.yaml\""),
                tuple("cniConfig.urls[1]", "port number must be numeric: \"https://example.com:http/x.yaml\""),
                tuple("cniConfig.urls[2]", "IPv6 addresses MUST be enclosed by square brackets: \"https://fd00::1/x.yaml\""),
                tuple("cniConfig.urls[3]", "port number must be between 1 and 65535: \"https://h:0/x\""));
        assertThat(repo("name: custom\n").refused().errors()).extracting(ConfigProblem::field, ConfigProblem::message)
                .containsExactly(tuple("cniConfig.urls", "\"urls\" field should not be empty for \"custom\" CNI"));
    }

    @Test
    void flannelAndNoneTakeNoUrls() {
        assertThat(repo("""
                name: flannel
                urls: [https://example.com/x.yaml]
                """).refused().errors()).extracting(ConfigProblem::message)
                .containsExactly("\"urls\" field should be empty for \"flannel\" CNI");
        assertThat(repo("""
                name: none
                flannel: {kubeNetworkPoliciesEnabled: true}
                """).refused().errors()).extracting(ConfigProblem::message)
                .containsExactly("\"flannelKubeNetworkPoliciesEnabled\" should not be enabled for \"none\" CNI");
    }

    @Test
    void credentialsInAUrlNeverReachTheError() {
        ConfigValidationException e = repo("""
                name: custom
                urls: ["https://deploy:hunter2-token@example.com:99999/cni.yaml"]
                """).refused();
        assertThat(e.errors()).extracting(ConfigProblem::message)
                .containsExactly("port number must be between 1 and 65535: \"https://***@example.com:99999/cni.yaml\"");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }
}
