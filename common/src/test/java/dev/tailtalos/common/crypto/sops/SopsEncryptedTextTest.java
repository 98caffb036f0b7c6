package dev.tailtalos.common.crypto.sops;

import dev.tailtalos.common.crypto.age.AgeIdentity;
import dev.tailtalos.common.crypto.age.AgeKeys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tailtalos.common.crypto.sops.SopsRealVectorsTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Files this implementation encrypts are laid out like the real sops lays them out (comments as {@code #ENC[…]} or,
 * inside sequences, as encrypted items) and decrypt to exactly what the real {@code sops decrypt} prints.
 */
class SopsEncryptedTextTest {
    private static final List<AgeIdentity> KEY = AgeKeys.parse("test-age-key.txt", resource("test-age-key.txt"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
    private static final List<String> VECTORS = List.of("text-comments", "text-comments-multidoc", "text-styles",
            "text-multidoc", "text-manifest", "text-edge", "text-edge2", "text-edge3", "text-edge4",
            "text-merge");

    @ParameterizedTest
    @ValueSource(strings = {"text-comments", "text-comments-multidoc", "text-styles", "text-multidoc", "text-manifest",
            "text-edge", "text-edge2", "text-edge3", "text-edge4", "text-merge"})
    void encryptedLikeSopsAndDecryptsToWhatSopsPrints(String name) {
        String encrypted = encrypt(name);
        assertThat(masked(encrypted)).isEqualTo(masked(resource(name + ".enc.yaml")));
        assertThat(Sops.decryptToText(name, encrypted, new SopsYamlStore(), Sops.Keys.age(KEY)))
                .isEqualTo(resource(name + ".expected.yaml"));
    }

    @Test
    void commentsAreEncryptedAndNeverInTheMac() {
        String encrypted = encrypt("text-comments");
        assertThat(encrypted).doesNotContain("head of user").contains("#ENC[AES256_GCM,")
                .contains("type:comment]").contains("# plain head");
        String withoutComments = encrypted.replaceAll("(?m)^ *#ENC\\[.*\\n", "");
        Map<String, Object> doc = Sops.decrypt("x", withoutComments, new SopsYamlStore(), Sops.Keys.age(KEY))
                .documents().get(0);
        assertThat(doc).containsKey("app");
    }

    @Test
    void nonStringKeysAreRefusedLikeSopsRefusesThem() {
        for (String text : List.of("a: 1\n1: x\n", "a: 1\nnull: x\n", "a:\n    true: x\n")) {
            assertThatThrownBy(() -> Sops.encrypt("keys.yaml", text, new SopsYamlStore(),
                    Sops.EncryptOptions.age(KEY.get(0).recipient()), null, CLOCK))
                    .isInstanceOf(SopsException.class).hasMessageContaining("only string keys");
        }
        assertThat(Sops.encrypt("keys.yaml", "\"1\": x\n", new SopsYamlStore(),
                Sops.EncryptOptions.age(KEY.get(0).recipient()), null, CLOCK)).startsWith("\"1\": ENC[");
    }

    /**
     * Runs the real sops (SOPS_BINARY, default /root/go/bin/sops). Not in the default test run, which needs no Go
     * tools: {@code mvn -pl common test -Dtailtalos.excludedGroups= -Dgroups=real-tools}.
     */
    @Test
    @Tag("real-tools")
    void theRealSopsDecryptsWhatThisImplementationEncrypts(@TempDir Path tmp) throws Exception {
        String binary = System.getenv().getOrDefault("SOPS_BINARY", "/root/go/bin/sops");
        assertThat(Path.of(binary)).as("the real sops (set SOPS_BINARY)").isExecutable();
        Path key = tmp.resolve("key.txt");
        Files.writeString(key, resource("test-age-key.txt"));
        for (String name : VECTORS) {
            Path file = tmp.resolve(name + ".enc.yaml");
            Files.writeString(file, encrypt(name));
            ProcessBuilder pb = new ProcessBuilder(binary, "decrypt", file.toString());
            pb.environment().put("SOPS_AGE_KEY_FILE", key.toString());
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(name).isZero();
            assertThat(out).as(name).isEqualTo(resource(name + ".expected.yaml"));
        }
    }

    private static String encrypt(String name) {
        return Sops.encrypt(name, resource(name + ".plain.yaml"), new SopsYamlStore(),
                Sops.EncryptOptions.age(KEY.get(0).recipient()), null, CLOCK);
    }

    /** The text with every ENC[…] value masked and the sops metadata block cut off (it holds fresh randomness). */
    private static String masked(String encrypted) {
        StringBuilder out = new StringBuilder();
        boolean inMetadata = false;
        for (String line : encrypted.split("\n", -1)) {
            if (line.equals("sops:")) {
                inMetadata = true;
            } else if (line.equals("---")) {
                inMetadata = false;
            }
            if (!inMetadata) {
                out.append(line.replaceAll("ENC\\[AES256_GCM,[^\\]]*\\]", "ENC[…]")).append('\n');
            }
        }
        return out.toString();
    }

}
