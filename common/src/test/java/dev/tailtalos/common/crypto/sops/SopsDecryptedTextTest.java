package dev.tailtalos.common.crypto.sops;

import dev.tailtalos.common.crypto.age.AgeIdentity;
import dev.tailtalos.common.crypto.age.AgeKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.tailtalos.common.crypto.sops.SopsRealVectorsTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decrypted text is byte for byte what the real {@code sops decrypt} 3.13.3 printed (text-*.expected.yaml, made
 * from text-*.plain.yaml with the commands in the README): comments, indentation, scalar styles, multi-document files.
 */
class SopsDecryptedTextTest {
    private static final List<AgeIdentity> KEY = AgeKeys.parse("test-age-key.txt", resource("test-age-key.txt"));

    @ParameterizedTest
    @ValueSource(strings = {"text-comments", "text-comments-multidoc", "text-styles", "text-multidoc", "text-manifest",
            "text-edge", "text-edge2", "text-edge3", "text-edge4", "text-merge", "secrets", "k8s-secret", "mac-only", "patch",
            "java-encrypted", "java-encrypted-comments"})
    void decryptedTextIsWhatTheRealSopsPrints(String name) {
        String text = Sops.decryptToText(name + ".enc.yaml", resource(name + ".enc.yaml"), new SopsYamlStore(),
                Sops.Keys.age(KEY));
        assertThat(text).isEqualTo(resource(name + ".expected.yaml"));
    }
}
