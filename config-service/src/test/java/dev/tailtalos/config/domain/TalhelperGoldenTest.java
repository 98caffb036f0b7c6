package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.crypto.age.AgeKeys;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.adapters.AgeSopsDecryptor;
import dev.tailtalos.config.adapters.TalosConfigSchemas;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders the golden repos and compares every node file with what talhelper v3.1.16 generated for the same input and
 * secrets bundle (see src/test/resources/golden/README.md): the same YAML documents, in the same order, with the same
 * trees once key order is ignored.
 */
class TalhelperGoldenTest {

    private static final Yaml YAML = new Yaml();
    private static final TalosConfigSchemas SCHEMAS = new TalosConfigSchemas();
    /** Every folder under golden/ with a talconfig.yaml is a golden repo. */
    private static final List<String> REQUIRED_REPOS = List.of("single", "three-cp", "mixed-workers", "heavy-patches",
            "tailnet-extensions", "manifests-volumes", "sops-encrypted", "network-multidoc", "templates",
            "templates-merge", "seed-sops", "homelab-mini", "bonded-vlan", "multidoc-v113", "fleet-plaintext",
            "tricky-patches");
    private static final List<String> VERSIONS = List.of("v1.10.4", "v1.13.8");

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        List<String> repos = repos();
        assertThat(repos).containsAll(REQUIRED_REPOS);
        return repos.stream().flatMap(repo -> VERSIONS.stream().map(version -> Arguments.of(repo, version)));
    }

    static List<String> repos() throws IOException, URISyntaxException {
        try (Stream<Path> dirs = Files.list(golden())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("talconfig.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0} on Talos {1}")
    @MethodSource("cases")
    void rendersWhatTalhelperGenerates(String repo, String version) throws Exception {
        Path dir = golden().resolve(repo);
        Path expected = dir.resolve("expected").resolve(version);
        Map<String, String> env = Map.of("TALOS_VERSION", version);
        Path secrets = secretsFile(dir);
        SecretsBundle bundle = SecretsBundle.parse(YAML, secrets.getFileName().toString(), Files.readString(secrets), env,
                sops());
        Path error = expected.resolve("error.txt");
        if (Files.exists(error)) {
            String message = Files.readString(error).trim();
            assertThatThrownBy(() -> render(dir, env, bundle)).isInstanceOf(ConfigValidationException.class)
                    .hasMessageContaining(message);
            return;
        }
        Map<String, String> files = render(dir, env, bundle);
        List<String> expectedFiles;
        try (Stream<Path> list = Files.list(expected)) {
            expectedFiles = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(expectedFiles);
        for (String file : expectedFiles) {
            List<JsonNode> want = withoutDeprecatedPersist(YAML.readAll(file, Files.readString(expected.resolve(file))));
            List<JsonNode> got = YAML.readAll(file, files.get(file));
            assertThat(kinds(got)).as(file + " documents").isEqualTo(kinds(want));
            for (int i = 0; i < want.size(); i++) {
                assertThat(got.get(i)).as(file + " document " + (i + 1) + "\n--- rendered:\n" + files.get(file))
                        .isEqualTo(want.get(i));
            }
        }
    }

    /**
     * talhelper writes the deprecated {@code persist: true}, which Talos ignores and its config schema rejects; tailtalos
     * omits it, so it is the one key the comparison drops from talhelper's v1alpha1 document.
     */
    private static List<JsonNode> withoutDeprecatedPersist(List<JsonNode> documents) {
        for (JsonNode doc : documents) {
            if (doc instanceof ObjectNode o && !o.has("kind") && o.path("persist").asBoolean(false)) {
                o.remove("persist");
            }
        }
        return documents;
    }

    /** As regenerate.sh picks it: the repo's own talsecret*.yaml (the last one), else the shared bundle. */
    private static Path secretsFile(Path dir) throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("talsecret.*\\.yaml")).sorted()
                    .reduce((first, last) -> last).orElse(golden().resolve("talsecret.yaml"));
        }
    }

    /** The project's own SOPS reader with the test age key regenerate.sh hands to talhelper (SOPS_AGE_KEY_FILE). */
    private static SopsDecryptor sops() throws URISyntaxException {
        Path key = golden().resolve("age.key");
        return new AgeSopsDecryptor(() -> AgeKeys.readFile(key), null);
    }

    private static Map<String, String> render(Path dir, Map<String, String> env, SecretsBundle bundle)
            throws URISyntaxException {
        SopsDecryptor sops = sops();
        // as `tailtalos render` runs it: lint findings and schema violations inform, they do not refuse
        RenderedCluster cluster = new RenderPipeline(new TalconfigLoader(YAML, sops, false),
                new MachineConfigRenderer(YAML, sops, SCHEMAS), SCHEMAS, LintPolicy.INFORM)
                .run(dir, env, Map.of()).cluster();
        Map<String, String> files = new java.util.LinkedHashMap<>();
        BundleBinder binder = new BundleBinder(bundle);
        for (RenderedNode node : cluster.nodes()) {
            List<ObjectNode> bound = binder.bind(node.documents());
            assertThat(BundleBinder.unbound(bound)).isEmpty();
            files.put(node.fileName(), YAML.write(bound));
        }
        return files;
    }

    private static List<String> kinds(List<JsonNode> documents) {
        List<String> kinds = new ArrayList<>();
        documents.forEach(d -> kinds.add(d.path("kind").asText("v1alpha1") + "/" + d.path("name").asText("")));
        return kinds;
    }

    static Path golden() throws URISyntaxException {
        return Path.of(TalhelperGoldenTest.class.getResource("/golden").toURI());
    }
}
