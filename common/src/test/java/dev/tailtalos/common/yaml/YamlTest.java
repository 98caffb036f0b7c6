package dev.tailtalos.common.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlTest {

    private final Yaml yaml = new Yaml();

    @Test
    void readsMultipleDocumentsKeepingKeyOrder() {
        List<JsonNode> docs = yaml.readAll("t.yaml", "b: 1\na: 2\nz: 3\n---\nkind: X\n---\n");
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).fieldNames()).toIterable().containsExactly("b", "a", "z");
        assertThat(docs.get(1).get("kind").asText()).isEqualTo("X");
    }

    @Test
    void recordsLinesPerPath() {
        YamlDocument doc = yaml.parse("t.yaml", "nodes:\n  - hostname: a\n  - hostname: b\n    ipAddress: 1.2.3.4\n").get(0);
        assertThat(doc.lineOf("nodes[1].ipAddress")).isEqualTo(4);
        assertThat(doc.lineOf("nodes[0].hostname")).isEqualTo(2);
    }

    @Test
    void writesDocumentsWithSeparatorsAndKeepsNumericStringsQuoted() {
        List<JsonNode> docs = yaml.readAll("t.yaml",
                "port: \"8080\"\ncount: 8080\nlist:\n  - a\nempty: \"\"\nflag: \"true\"\nlabel: ''\n---\nkind: X\n");
        String out = yaml.write(docs);
        assertThat(out).isEqualTo("port: \"8080\"\ncount: 8080\nlist:\n  - a\nempty: \"\"\nflag: \"true\"\nlabel: \"\"\n---\nkind: X\n");
        assertThat(yaml.readAll("again", out)).isEqualTo(docs);
    }

    @Test
    void expandsAliasesAndMergeKeys() {
        JsonNode doc = yaml.readAll("t.yaml", "base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n").get(0);
        assertThat(doc.get("use").get("x").asInt()).isEqualTo(1);
        assertThat(doc.get("merged").get("y").asInt()).isEqualTo(3);
        assertThat(doc.get("merged").get("x").asInt()).isEqualTo(1);
    }

    @Test
    void refusesAliasBombNamingFileAndLine() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p);
            for (int i = 0; i < 8; i++) {
                bomb.append(",*").append(p);
            }
            bomb.append("]\n");
        }
        assertThatThrownBy(() -> yaml.parse("bomb.yaml", bomb.toString()))
                .isInstanceOf(YamlException.class)
                .hasMessageStartingWith("bomb.yaml:")
                .hasMessageContaining("alias");
    }

    @Test
    void refusesDeepNesting() {
        String deep = "a: ".repeat(1) + "[".repeat(100) + "]".repeat(100) + "\n";
        assertThatThrownBy(() -> yaml.parse("deep.yaml", deep))
                .isInstanceOf(YamlException.class)
                .hasMessageStartingWith("deep.yaml:1:")
                .hasMessageContaining("nesting");
    }

    @Test
    void refusesOversizedInput() {
        Yaml small = new Yaml(new YamlLimits(100, 64, 10, 1000));
        assertThatThrownBy(() -> small.parse("big.yaml", "k: " + "x".repeat(200)))
                .isInstanceOf(YamlException.class)
                .hasMessageContaining("big.yaml")
                .hasMessageContaining("larger than the limit");
    }

    @Test
    void refusesDuplicateKeysAndReportsSyntaxErrorsWithLine() {
        assertThatThrownBy(() -> yaml.parse("dup.yaml", "a: 1\na: 2\n"))
                .hasMessageStartingWith("dup.yaml:2:");
        assertThatThrownBy(() -> yaml.parse("bad.yaml", "a: 1\nb: [\n  c: d\n  - e\n"))
                .isInstanceOf(YamlException.class)
                .satisfies(e -> assertThat(((YamlException) e).line()).isPositive());
    }

    @Test
    void scalarAnchorsAndAliasesWorkAnywhereAsInGoYaml() {
        JsonNode doc = yaml.readAll("talconfig.yaml", """
                clusterName: &cluster homelab
                endpoint: &vip 192.168.1.10
                additionalApiServerCertSans: [*vip, *cluster]
                nodes:
                  - hostname: &h1 k8s-1
                    nodeLabels: {name: *h1, cluster: *cluster}
                  - {hostname: k8s-2, ipAddress: *vip}
                ports: &port 6443
                again: *port
                """).get(0);
        assertThat(doc.get("additionalApiServerCertSans").toString()).isEqualTo("[\"192.168.1.10\",\"homelab\"]");
        assertThat(doc.at("/nodes/0/nodeLabels/name").asText()).isEqualTo("k8s-1");
        assertThat(doc.at("/nodes/1/ipAddress").asText()).isEqualTo("192.168.1.10");
        assertThat(doc.get("again").intValue()).isEqualTo(6443);
    }

    @Test
    void anUnknownAliasNamesFileAndLine() {
        assertThatThrownBy(() -> yaml.parse("talconfig.yaml", "a: 1\nb: *missing\n"))
                .isInstanceOf(YamlException.class)
                .hasMessageStartingWith("talconfig.yaml:2:")
                .hasMessageContaining("missing");
    }

    @Test
    void anAliasToItsOwnAncestorIsRefused() {
        assertThatThrownBy(() -> yaml.parse("loop.yaml", "a: &a\n  b: *a\n"))
                .isInstanceOf(YamlException.class)
                .hasMessageStartingWith("loop.yaml:");
    }

    @Test
    void plainScalarsAreTypedAsGoYamlV3TypesThemKeepingTheirText() {
        JsonNode doc = yaml.readAll("t.yaml", """
                yes: yes
                on: off
                t: True
                n: ~
                e:
                hex: 0x1F
                octal: 0o644
                legacy: 0755
                under: 1_000
                float: 1.50
                exp: 1e3
                date: 2024-01-02
                quoted: "10"
                tagged: !!str 10
                """).get(0);
        assertThat(doc.get("yes").isTextual()).isTrue();
        assertThat(doc.get("on").asText()).isEqualTo("off");
        assertThat(doc.get("t").booleanValue()).isTrue();
        assertThat(doc.get("t").asText()).isEqualTo("True");
        assertThat(doc.get("n").isNull()).isTrue();
        assertThat(doc.get("e").isNull()).isTrue();
        assertThat(doc.get("hex").intValue()).isEqualTo(31);
        assertThat(doc.get("hex").asText()).isEqualTo("0x1F");
        assertThat(doc.get("octal").intValue()).isEqualTo(0644);
        assertThat(doc.get("legacy").intValue()).isEqualTo(0755);
        assertThat(doc.get("under").intValue()).isEqualTo(1000);
        assertThat(doc.get("float").doubleValue()).isEqualTo(1.5);
        assertThat(doc.get("float").asText()).isEqualTo("1.50");
        assertThat(doc.get("exp").doubleValue()).isEqualTo(1000.0);
        assertThat(doc.get("date").isTextual()).isTrue();
        assertThat(doc.get("quoted").isTextual()).isTrue();
        assertThat(doc.get("tagged").isTextual()).isTrue();
    }

    @Test
    void octalFileModesAreWrittenAsTheyWereRead() {
        String out = yaml.write(yaml.readAll("t.yaml", "permissions: 0o644\nzero: 0o0\ncount: 10\n"));
        assertThat(out).isEqualTo("permissions: 0o644\nzero: 0o0\ncount: 10\n");
    }

    @Test
    void stringsThatGoYamlWouldReadAsNumbersAreQuoted() {
        String out = yaml.write(yaml.readAll("t.yaml", "a: \"0x1F\"\nb: \"1e3\"\nc: \"0o644\"\nd: \"1_000\"\ne: \"~\"\nf: \"True\"\ng: yes\n").get(0));
        assertThat(yaml.readAll("again", out).get(0).findValues("a").get(0).isTextual()).isTrue();
        yaml.readAll("again", out).get(0).fields().forEachRemaining(e ->
                assertThat(e.getValue().isTextual()).as(e.getKey() + " in\n" + out).isTrue());
    }
}
