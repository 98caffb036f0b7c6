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
}
