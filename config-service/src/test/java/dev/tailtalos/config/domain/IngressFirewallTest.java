package dev.tailtalos.config.domain;

import static dev.tailtalos.config.domain.RepoFixture.HEADER;
import static dev.tailtalos.config.domain.RepoFixture.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngressFirewallTest {

    private static final Yaml YAML = new Yaml();
    private static final String NODE = """
            nodes:
              - hostname: cp1
                ipAddress: 10.0.0.10
                controlPlane: true
                installDisk: /dev/sda
                ingressFirewall:
            """;

    @TempDir
    Path dir;

    private RepoFixture repo(String firewall) {
        return new RepoFixture(dir).talconfig(HEADER + NODE + firewall.indent(6));
    }

    @Test
    void rendersTheDefaultActionThenOneRuleDocumentPerRuleAfterTheHostnameConfig() {
        List<ObjectNode> documents = repo("""
                defaultAction: Block
                rules:
                  - name: apid
                    portSelector:
                      ports: [50000, "50001-50002", "80-80"]
                      protocol: TCP
                    ingress:
                      - subnet: 192.168.0.0/16
                        except: 192.168.99.0/24
                      - subnet: 2001:0DB8:0:0::/32
                  - name: icmp
                    portSelector:
                      ports: [0]
                      protocol: icmp
                """).documents("cp1");
        assertThat(documents).extracting(d -> d.path("kind").asText("v1alpha1")).containsExactly("v1alpha1",
                "HostnameConfig", "NetworkDefaultActionConfig", "NetworkRuleConfig", "NetworkRuleConfig");
        assertThat(ofKind(documents, "NetworkDefaultActionConfig").get(0))
                .isEqualTo(YAML.readObjects("t", "apiVersion: v1alpha1\nkind: NetworkDefaultActionConfig\ningress: block\n").get(0));
        assertThat(ofKind(documents, "NetworkRuleConfig")).containsExactlyElementsOf(YAML.readObjects("t", """
                apiVersion: v1alpha1
                kind: NetworkRuleConfig
                name: apid
                portSelector:
                  ports: [50000, 50001-50002, 80]
                  protocol: tcp
                ingress:
                  - subnet: 192.168.0.0/16
                    except: 192.168.99.0/24
                  - subnet: 2001:db8::/32
                ---
                apiVersion: v1alpha1
                kind: NetworkRuleConfig
                name: icmp
                portSelector:
                  ports: [0]
                  protocol: icmp
                ingress: []
                """));
    }

    @Test
    void anUnsetDefaultActionIsAccept() {
        List<ObjectNode> documents = repo("""
                rules:
                  - name: ssh
                    portSelector: {ports: [22], protocol: tcp}
                """).documents("cp1");
        assertThat(ofKind(documents, "NetworkDefaultActionConfig").get(0).path("ingress").asText()).isEqualTo("accept");
    }

    @Test
    void anEmptyFirewallIsSetAndGivesTheDefaultActionAlone() {
        // talhelper v3.1.16 on `ingressFirewall: {}` emits NetworkDefaultActionConfig {ingress: accept} and no rule
        List<ObjectNode> documents = repo("{}").documents("cp1");
        assertThat(ofKind(documents, "NetworkDefaultActionConfig")).hasSize(1);
        assertThat(ofKind(documents, "NetworkDefaultActionConfig").get(0).path("ingress").asText()).isEqualTo("accept");
        assertThat(ofKind(documents, "NetworkRuleConfig")).isEmpty();
    }

    @Test
    void badRulesAreRefusedNamingEachField() {
        ConfigValidationException e = repo("""
                defaultAction: deny
                rules:
                  - portSelector:
                      ports: [80, "70-90"]
                  - name: r2
                    portSelector:
                      protocol: udp
                    ingress:
                      - subnet: 10.0.0.0
                        except: 10.0.0.0/33
                  - name: r3
                    portSelector:
                      ports: ["90-80", "x"]
                      protocol: tcp
                """).refused();
        assertThat(e.errors()).extracting(ConfigProblem::field, ConfigProblem::message).containsExactly(
                tuple("nodes[0].ingressFirewall.defaultAction", "\"deny\" is not a valid default action (accept or block)"),
                tuple("nodes[0].ingressFirewall.rules[0].name", "name is required"),
                tuple("nodes[0].ingressFirewall.rules[0].portSelector.protocol",
                        "\"\" is not a valid protocol (tcp, udp, icmp or icmpv6)"),
                tuple("nodes[0].ingressFirewall.rules[0].portSelector.ports",
                        "invalid port range: 80-80, overlaps with 70-90"),
                tuple("nodes[0].ingressFirewall.rules[1].portSelector.ports", "portSelector.ports is required"),
                tuple("nodes[0].ingressFirewall.rules[1].ingress[0].subnet", "invalid subnet: \"10.0.0.0\""),
                tuple("nodes[0].ingressFirewall.rules[1].ingress[0].except", "invalid except: \"10.0.0.0/33\""),
                tuple("nodes[0].ingressFirewall.rules[2].portSelector.ports", "invalid port range: \"x\""));
        assertThat(e.errors()).allSatisfy(p -> assertThat(p.line()).isPositive());
    }

    @Test
    void reversedRangesAndOutOfRangePortsAreRefused() {
        assertThat(repo("""
                rules:
                  - name: r
                    portSelector: {ports: ["90-80"], protocol: tcp}
                """).refused().errors()).extracting(ConfigProblem::message).containsExactly("invalid port range: 90-80");
        assertThat(repo("""
                rules:
                  - name: r
                    portSelector: {ports: [70000], protocol: tcp}
                """).refused().errors()).extracting(ConfigProblem::message).containsExactly("invalid port range: \"70000\"");
    }

    @Test
    void aGroupFirewallReachesItsNodesUnlessANodeHasItsOwn() {
        RepoFixture repo = new RepoFixture(dir).talconfig(HEADER + """
                worker:
                  ingressFirewall:
                    defaultAction: block
                nodes:
                  - hostname: w1
                    ipAddress: 10.0.0.21
                    installDisk: /dev/sda
                  - hostname: w2
                    ipAddress: 10.0.0.22
                    installDisk: /dev/sda
                    ingressFirewall:
                      rules:
                        - name: ssh
                          portSelector: {ports: [22], protocol: tcp}
                """);
        assertThat(ofKind(repo.documents("w1"), "NetworkDefaultActionConfig").get(0).path("ingress").asText()).isEqualTo("block");
        assertThat(ofKind(repo.documents("w1"), "NetworkRuleConfig")).isEmpty();
        assertThat(ofKind(repo.documents("w2"), "NetworkDefaultActionConfig").get(0).path("ingress").asText()).isEqualTo("accept");
        assertThat(ofKind(repo.documents("w2"), "NetworkRuleConfig")).hasSize(1);
    }

    @Test
    void ipv6PrefixesArePrintedAsGoPrintsThem() {
        assertThat(IngressFirewall.canonicalPrefix("2001:0DB8:0000:0000:0000:0000:0000:0001/128")).isEqualTo("2001:db8::1/128");
        assertThat(IngressFirewall.canonicalPrefix("fd00:0:0:1:0:0:0:0/64")).isEqualTo("fd00:0:0:1::/64");
        assertThat(IngressFirewall.canonicalPrefix("::/0")).isEqualTo("::/0");
        assertThat(IngressFirewall.canonicalPrefix("1:0:2:0:3:0:4:0/128")).isEqualTo("1:0:2:0:3:0:4:0/128");
        assertThat(IngressFirewall.canonicalPrefix("10.1.2.3/24")).isEqualTo("10.1.2.3/24");
    }

    @Test
    void rulesAndPortsMustBeLists() {
        assertThat(repo("rules: everything\n").refused().errors()).extracting(ConfigProblem::field, ConfigProblem::message)
                .containsExactly(tuple("nodes[0].ingressFirewall.rules", "rules must be a list"));
        assertThat(repo("""
                rules:
                  - name: r
                    portSelector: {ports: 80, protocol: tcp}
                """).refused().errors()).extracting(ConfigProblem::field, ConfigProblem::message).containsExactly(
                tuple("nodes[0].ingressFirewall.rules[0].portSelector.ports", "ports must be a list of ports and lo-hi ranges"));
    }
}
