package dev.tailtalos.config.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.domain.ConfigProblem;
import dev.tailtalos.config.domain.TalosContract;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tailtalos's check of rendered configs agrees with Talos's own {@code configloader} + {@code Validate} (metal mode)
 * on every golden output: the verdicts under {@code talos-validation/} come from {@code tools/talos-oracle validate}
 * (machinery of the golden's Talos line). A config Talos refuses must get an error; one Talos accepts must get none.
 */
class TalosValidationAgreementTest {

    private static final Yaml YAML = new Yaml();
    private static final TalosConfigSchemas CHECK = new TalosConfigSchemas();

    @ParameterizedTest
    @ValueSource(strings = {"v1.10.4", "v1.13.8"})
    void agreesWithTalosOnEveryGolden(String version) throws IOException, URISyntaxException {
        assertAgreement(version, version + ".json", "/golden", 30);
    }

    /** Configs written to probe the decoder: machine.disks, {@code maxSize: 20%}, unknown keys and kinds. */
    @ParameterizedTest
    @ValueSource(strings = {"v1.10.4", "v1.11.6", "v1.12.7", "v1.13.8"})
    void agreesWithTalosOnTheValidationCases(String version) throws IOException, URISyntaxException {
        assertAgreement(version, "cases-" + version + ".json", "/talos-validation/cases", 6);
    }

    @org.junit.jupiter.api.Test
    void anInvalidIpOrCidrInCertSansIsAnErrorNamingTheField() {
        List<ObjectNode> documents = YAML.readObjects("k8s-1.yaml", """
                version: v1alpha1
                machine:
                  type: worker
                  certSANs: [10.5.0.10, 10.0.0.300, good.example, "fd00::1"]
                cluster:
                  apiServer:
                    certSANs: ["100.64.0.0/10", "bad name!"]
                """);
        assertThat(CHECK.check("k8s-1.yaml", TalosContract.of("v1.13.8"), documents))
                .extracting(p -> p.field() + ": " + p.message())
                .containsExactly("machine.certSANs[1]: \"10.0.0.300\" is not a valid IP address",
                        "cluster.apiServer.certSANs[0]: \"100.64.0.0/10\" is a CIDR; a certificate SAN is one IP"
                                + " address or DNS name",
                        "cluster.apiServer.certSANs[1]: \"bad name!\" is neither an IP address nor a DNS name");
    }

    private void assertAgreement(String version, String verdictFile, String dir, int atLeast)
            throws IOException, URISyntaxException {
        JsonNode verdicts;
        try (InputStream in = getClass().getResourceAsStream("/talos-validation/" + verdictFile)) {
            verdicts = new ObjectMapper().readTree(in);
        }
        Path golden = Path.of(getClass().getResource(dir).toURI());
        TalosContract contract = TalosContract.of(version);
        List<String> disagreements = new ArrayList<>();
        for (JsonNode verdict : verdicts) {
            String file = verdict.path("file").asText();
            boolean talosRefuses = verdict.hasNonNull("loadError") || !verdict.path("errors").isEmpty();
            List<ObjectNode> documents = YAML.readObjects(file, Files.readString(golden.resolve(file)));
            List<ConfigProblem> problems = CHECK.check(file, contract, documents);
            if (talosRefuses && problems.isEmpty()) {
                disagreements.add(file + ": Talos refuses it (" + verdict.path("loadError").asText("")
                        + verdict.path("errors") + "), tailtalos finds nothing");
            } else if (!talosRefuses && !problems.isEmpty()) {
                disagreements.add(file + ": Talos accepts it, tailtalos reports " + problems);
            }
        }
        assertThat(verdicts.size()).isGreaterThanOrEqualTo(atLeast);
        assertThat(disagreements).isEmpty();
    }
}
