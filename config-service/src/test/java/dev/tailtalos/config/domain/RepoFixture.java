package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A throw-away cluster repo for one test: files in, rendered nodes or the refusal out. */
final class RepoFixture {

    static final String HEADER = """
            clusterName: lab
            talosVersion: v1.13.8
            kubernetesVersion: v1.33.1
            endpoint: https://10.0.0.10:6443
            """;
    static final String NODES = """
            nodes:
              - hostname: cp1
                ipAddress: 10.0.0.10
                controlPlane: true
                installDisk: /dev/sda
              - hostname: w1
                ipAddress: 10.0.0.21
                installDisk: /dev/sda
            """;

    private final Path dir;
    private final Yaml yaml;
    private SopsDecryptor sops = SopsDecryptor.NONE;

    RepoFixture(Path dir) {
        this(dir, new Yaml());
    }

    RepoFixture(Path dir, Yaml yaml) {
        this.dir = dir;
        this.yaml = yaml;
    }

    RepoFixture sops(SopsDecryptor decryptor) {
        this.sops = decryptor;
        return this;
    }

    RepoFixture file(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RepoFixture talconfig(String text) {
        return file("talconfig.yaml", text);
    }

    LoadedTalconfig load() {
        return new TalconfigLoader(yaml, sops, false).load(dir, Map.of());
    }

    RenderedCluster render() {
        return new MachineConfigRenderer(yaml, sops).render(load(), Map.of());
    }

    /** The documents of node {@code hostname}. */
    List<ObjectNode> documents(String hostname) {
        return render().nodes().stream().filter(n -> n.hostname().equals(hostname)).findFirst().orElseThrow().documents();
    }

    static ObjectNode v1alpha1(List<ObjectNode> documents) {
        return documents.stream().filter(d -> !d.has("kind")).findFirst().orElseThrow();
    }

    static List<ObjectNode> ofKind(List<ObjectNode> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    ConfigValidationException refused() {
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class, this::render);
        assertThat(e).as("expected the repo to be refused").isNotNull();
        return e;
    }
}
