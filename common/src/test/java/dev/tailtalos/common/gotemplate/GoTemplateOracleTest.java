package dev.tailtalos.common.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every template in gotemplate/cases.txt against gotemplate/config.yaml, compared with what Go's text/template and
 * sprig v3.3.0 produced for the same input (gotemplate/expected.txt, written by common/tools/gotemplate-oracle
 * with talhelper v3.1.16's dependencies): the same output, or an error with the same reason.
 */
class GoTemplateOracleTest {

    private static final String SEPARATOR = "\n=====\n";
    /** Go errors tailtalos words differently on purpose. */
    private static final Map<String, String> OWN_WORDING = Map.of(
            "template \"x\" not defined", "{{template}} is not supported by tailtalos templates",
            "error calling slice: list should be type of slice or array but string", "Cannot find slice on type string",
            "unexpected EOF", "unexpected EOF in range, missing {{end}}",
            "can't evaluate field Foo in type v1alpha1.NetworkDeviceList", "can't evaluate field Foo in type []interface {}",
            "unexpected \"/\" in command", "unexpected \"/\" in operand");

    static Stream<Arguments> cases() throws IOException {
        List<String> templates = List.of(resource("cases.txt").split(SEPARATOR, -1));
        String[] outputs = resource("expected.txt").split(SEPARATOR, -1);
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            cases.add(Arguments.of(i + 1, templates.get(i), outputs[i]));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "case {0}: {1}")
    @MethodSource("cases")
    void rendersLikeGo(int number, String template, String expected) throws IOException {
        ObjectNode config = new Yaml().readObjects("config.yaml", resource("config.yaml")).get(0);
        Object data = V1Alpha1Data.of(config);
        if (!expected.startsWith("ERROR ")) {
            String rendered = GoTemplate.parse("case" + number, template, Functions.sprig(Map.of())).execute(data);
            assertThat(rendered).isEqualTo(expected);
            return;
        }
        String goReason = reason(expected.substring("ERROR ".length()));
        String reason = OWN_WORDING.getOrDefault(goReason, goReason);
        assertThatThrownBy(() -> GoTemplate.parse("case" + number, template, Functions.sprig(Map.of())).execute(data))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("case" + number + ":1: ")
                .hasMessageContaining(reason);
    }

    /** The reason of a Go template error, without {@code template: NAME:LINE:COL: executing "NAME" at <...>: }. */
    private static String reason(String goError) {
        int at = goError.indexOf(">: ");
        if (at >= 0) {
            return goError.substring(at + 3);
        }
        return goError.replaceFirst("^template: template:\\d+(:\\d+)?: ", "");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GoTemplateOracleTest.class.getResourceAsStream("/gotemplate/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
