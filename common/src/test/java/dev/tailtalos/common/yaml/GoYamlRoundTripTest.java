package dev.tailtalos.common.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Expected texts are what go-yaml v3 (talhelper v3.1.16, checked with the real binary) writes for these values. */
class GoYamlRoundTripTest {

    private final Yaml yaml = new Yaml();

    @Test
    void numbersAndBooleansLoseTheirNotation() {
        JsonNode doc = GoYamlRoundTrip.apply(yaml.readAll("t.yaml", """
                hex: 0x1F
                float: 1.50
                one: 1.0
                exp: 1e3
                million: 1e6
                small: 0.00001
                t: True
                s: "0x1F"
                """).get(0));
        assertThat(doc.get("hex").asText()).isEqualTo("31");
        assertThat(doc.get("float").asText()).isEqualTo("1.5");
        assertThat(doc.get("one").asText()).isEqualTo("1");
        assertThat(doc.get("exp").asText()).isEqualTo("1000");
        assertThat(doc.get("million").asText()).isEqualTo("1e+06");
        assertThat(doc.get("small").asText()).isEqualTo("1e-05");
        assertThat(doc.get("t").asText()).isEqualTo("true");
        assertThat(doc.get("s").asText()).isEqualTo("0x1F");
    }
}
