package dev.tailtalos.common.crypto.sops;

import dev.tailtalos.common.crypto.sops.GoYamlEmitter.Style;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Scalar styles as go-yaml's Node.Encode picks them for strings (the golden vectors cover whole files). */
class GoYamlEmitterTest {
    @Test
    void stringsArePlainUnlessGoYamlWouldReadThemBackAsSomethingElse() {
        assertThat(SopsYamlEmitter.stringStyle("plain words")).isEqualTo(Style.PLAIN);
        assertThat(SopsYamlEmitter.stringStyle("yes")).isEqualTo(Style.DOUBLE);
        assertThat(SopsYamlEmitter.stringStyle("n")).isEqualTo(Style.DOUBLE);
        assertThat(SopsYamlEmitter.stringStyle("12:30")).isEqualTo(Style.DOUBLE);
        assertThat(SopsYamlEmitter.stringStyle("0123")).isEqualTo(Style.DOUBLE);
        assertThat(SopsYamlEmitter.stringStyle("<<")).isEqualTo(Style.DOUBLE);
        assertThat(SopsYamlEmitter.stringStyle("")).isEqualTo(Style.DOUBLE);
        assertThat(SopsYamlEmitter.stringStyle("a: b")).isEqualTo(Style.SINGLE);
        assertThat(SopsYamlEmitter.stringStyle("- item")).isEqualTo(Style.SINGLE);
        assertThat(SopsYamlEmitter.stringStyle("two\nlines")).isEqualTo(Style.LITERAL);
        assertThat(SopsYamlEmitter.stringStyle("trailing \nspace")).isEqualTo(Style.DOUBLE);
        assertThat(SopsYamlEmitter.stringStyle("tab\there")).isEqualTo(Style.DOUBLE);
        assertThat(SopsYamlEmitter.stringStyle("emoji \uD83D\uDE42")).isEqualTo(Style.DOUBLE);
    }

    @Test
    void sequencesSitFourDeepAndMapsInThemStayCompact() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("list", List.of("a", Map.of("k", List.of("x"))));
        doc.put("empty", List.of());
        assertThat(SopsYamlEmitter.write(List.of(doc)))
                .isEqualTo("list:\n    - a\n    - k:\n        - x\nempty: []\n");
    }
}
