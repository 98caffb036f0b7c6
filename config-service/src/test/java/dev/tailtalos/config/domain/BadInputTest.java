package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.common.yaml.YamlLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad repos are refused as a whole with file, line where known, and field. */
class BadInputTest {

    private static final String HEADER = """
            clusterName: lab
            talosVersion: v1.10.4
            kubernetesVersion: v1.33.1
            endpoint: https://10.0.0.10:6443
            """;
    private static final String NODE = """
            nodes:
              - hostname: n1
                ipAddress: 10.0.0.21
                installDisk: /dev/sda
            """;

    @TempDir
    Path repo;

    private final Yaml yaml = new Yaml();

    private ConfigValidationException refused(TalconfigLoader loader, String talconfig) throws IOException {
        Files.writeString(repo.resolve("talconfig.yaml"), talconfig);
        RenderPipeline pipeline = new RenderPipeline(loader, new MachineConfigRenderer(yaml));
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class,
                () -> pipeline.run(repo, Map.of(), Map.of()));
        assertThat(e).as("expected the repo to be refused").isNotNull();
        return e;
    }

    @Test
    void unknownKeysAreErrorsUnderStrict() throws IOException {
        ConfigValidationException e = refused(new TalconfigLoader(yaml, SopsDecryptor.NONE, true),
                HEADER + "clusterNmae: typo\n" + NODE);
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("talconfig.yaml");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.field()).isEqualTo("clusterNmae");
            assertThat(p.message()).contains("unknown key").contains("--strict");
        });
    }

    @Test
    void aPatchThatDoesNotApplyNamesThePatchFileAndField() throws IOException {
        Files.createDirectories(repo.resolve("patches"));
        Files.writeString(repo.resolve("patches/bad.yaml"), "machine:\n  certSANs:\n    nested: map\n");
        ConfigValidationException e = refused(new TalconfigLoader(yaml),
                HEADER + "patches:\n  - \"@./patches/bad.yaml\"\n" + NODE);
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("patches/bad.yaml");
            assertThat(p.field()).isEqualTo("patches[0]");
            assertThat(p.message()).contains("machine.certSANs").contains("line 2").contains("Talos expects a list");
        });
    }

    @Test
    void filesOverTheSizeLimitAreRefused() throws IOException {
        Yaml small = new Yaml(new YamlLimits(2048, 64, 50, 10_000));
        Files.createDirectories(repo.resolve("patches"));
        Files.writeString(repo.resolve("patches/big.yaml"), "machine:\n  env:\n" + "    K: v\n".repeat(1000));
        Files.writeString(repo.resolve("talconfig.yaml"), HEADER + "patches:\n  - \"@./patches/big.yaml\"\n" + NODE);
        RenderPipeline pipeline = new RenderPipeline(new TalconfigLoader(small), new MachineConfigRenderer(small));
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class,
                () -> pipeline.run(repo, Map.of(), Map.of()));
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("patches/big.yaml");
            assertThat(p.message()).contains("larger than the limit");
        });
    }

    @Test
    void sopsEncryptedEnvWithoutADecryptorStandsInAsReferencesAndIsRefusedWhereItMustBeRead() throws IOException {
        Files.writeString(repo.resolve("talenv.sops.yaml"), """
                NODE_IP: ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6,type:str]
                sops:
                    age:
                        - recipient: age1example
                    version: 3.9.0
                """);
        Files.writeString(repo.resolve("talconfig.yaml"), HEADER + NODE);
        LoadedTalconfig loaded = new TalconfigLoader(yaml).load(repo, Map.of());
        assertThat(loaded.env()).containsEntry("NODE_IP", "sops-env://NODE_IP").doesNotContainKey("sops");
        assertThat(loaded.hasDeferredEnv()).isTrue();
        ConfigValidationException e = refused(new TalconfigLoader(yaml), HEADER.replace("10.0.0.10", "${NODE_IP}") + NODE);
        assertThat(e.errors()).anySatisfy(p -> assertThat(p.message()).contains("sops-env://NODE_IP"));
        assertThat(e.errors()).anySatisfy(p -> assertThat(p.message()).contains("move variables that are not secret"));
    }

    @Test
    void aSopsDecryptorIsUsedForEncryptedEnvFiles() throws IOException {
        Files.writeString(repo.resolve("talenv.sops.yaml"),
                "NODE_IP: ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6,type:str]\nsops:\n    version: 3.9.0\n");
        Files.writeString(repo.resolve("talconfig.yaml"), HEADER.replace("10.0.0.10", "${NODE_IP}") + NODE);
        SopsDecryptor decryptor = (file, text) -> "NODE_IP: 10.0.0.99\n";
        LoadedTalconfig loaded = new TalconfigLoader(yaml, decryptor, false).load(repo, Map.of());
        assertThat(loaded.config().endpoint()).isEqualTo("https://10.0.0.99:6443");
    }

    @Test
    void unsupportedTalosLinesAreRefused() throws IOException {
        ConfigValidationException old = refused(new TalconfigLoader(yaml), HEADER.replace("v1.10.4", "v1.6.0") + NODE);
        assertThat(old.errors()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("talosVersion");
            assertThat(p.message()).contains("outside the Talos lines");
        });
    }

    @Test
    void badNetworkInterfacesNameTheirField() throws IOException {
        ConfigValidationException e = refused(new TalconfigLoader(yaml), HEADER.replace("v1.10.4", "v1.13.8") + NODE
                + "    networkInterfaces:\n      - interface: eth0\n        addresses: [10.0.0.300/24]\n");
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("talconfig.yaml");
            assertThat(p.field()).isEqualTo("nodes[0].networkInterfaces[0].addresses[0]");
            assertThat(p.message()).contains("10.0.0.300/24");
        });
        ConfigValidationException inherited = refused(new TalconfigLoader(yaml), HEADER.replace("v1.10.4", "v1.13.8")
                + "worker:\n  networkInterfaces:\n    - interface: bond0\n      bond: {interfaces: [eth0]}\n" + NODE);
        assertThat(inherited.errors()).singleElement().satisfies(p ->
                assertThat(p.field()).isEqualTo("worker.networkInterfaces[0].bond.mode"));
    }
}
