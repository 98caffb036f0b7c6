package dev.tailtalos.common.crypto.age;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgeTest {
    // The example key pair of the age specification (https://c2sp.org/age).
    private static final String SPEC_IDENTITY = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX";
    private static final String SPEC_RECIPIENT = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj";

    @Test
    void identityDerivesTheRecipientOfTheSpecification() {
        AgeIdentity identity = AgeIdentity.parse(SPEC_IDENTITY);
        assertThat(identity.recipient().toString()).isEqualTo(SPEC_RECIPIENT);
        assertThat(identity.encode()).isEqualTo(SPEC_IDENTITY);
        assertThat(identity.toString()).doesNotContain("AGE-SECRET-KEY");
    }

    @Test
    void roundTripsSmallAndMultiChunkPayloadsArmoredAndBinary() {
        AgeIdentity identity = AgeIdentity.generate();
        for (int size : new int[]{0, 32, 64 * 1024, 64 * 1024 + 1, 200_000}) {
            byte[] plaintext = new byte[size];
            Arrays.fill(plaintext, (byte) 7);
            byte[] file = Age.encrypt(plaintext, List.of(identity.recipient()));
            assertThat(Age.decrypt(file, List.of(identity))).isEqualTo(plaintext);
            String armored = Age.armor(file);
            assertThat(Age.decrypt(armored.getBytes(StandardCharsets.US_ASCII), List.of(identity))).isEqualTo(plaintext);
        }
    }

    @Test
    void wrongIdentityTamperingAndTruncationAreClearErrors() {
        AgeIdentity right = AgeIdentity.generate();
        AgeIdentity wrong = AgeIdentity.generate();
        byte[] file = Age.encrypt("secret".getBytes(StandardCharsets.UTF_8), List.of(right.recipient()));
        assertThatThrownBy(() -> Age.decrypt(file, List.of(wrong)))
                .isInstanceOf(AgeException.class).hasMessageContaining("no age identity matched");
        byte[] tampered = file.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> Age.decrypt(tampered, List.of(right)))
                .isInstanceOf(AgeException.class).hasMessageContaining("payload authentication failed");
        byte[] truncated = Arrays.copyOf(file, 40);
        assertThatThrownBy(() -> Age.decrypt(truncated, List.of(right)))
                .isInstanceOf(AgeException.class).hasMessageContaining("truncated");
    }

    @Test
    void keyFileTextSkipsCommentsAndNeverEchoesABadLine() {
        String text = "# created: 2026-01-01\n# public key: " + SPEC_RECIPIENT + "\n\n" + SPEC_IDENTITY + "\n";
        assertThat(AgeKeys.parse("keys.txt", text)).hasSize(1);
        assertThatThrownBy(() -> AgeKeys.parse("keys.txt", "AGE-SECRET-KEY-1NOTAVALIDKEYATALL\n"))
                .hasMessageContaining("keys.txt: line 1").hasMessageNotContaining("NOTAVALIDKEY");
    }

    @Test
    void identitiesComeFromTheEnvironmentLikeSopsReadsThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        AgeIdentity a = AgeIdentity.generate();
        AgeIdentity b = AgeIdentity.generate();
        java.nio.file.Path file = dir.resolve("keys.txt");
        java.nio.file.Files.writeString(file, "# created: now\n# public key: " + b.recipient() + "\n" + b.encode() + "\n");
        java.util.Map<String, String> env = java.util.Map.of("SOPS_AGE_KEY", a.encode(), "SOPS_AGE_KEY_FILE", file.toString(),
                "XDG_CONFIG_HOME", dir.resolve("nothing-here").toString());
        assertThat(AgeKeys.fromEnvironment(env)).extracting(AgeIdentity::recipient)
                .containsExactly(a.recipient(), b.recipient());
        assertThatThrownBy(() -> AgeKeys.fromEnvironment(java.util.Map.of("SOPS_AGE_KEY_FILE", dir.resolve("missing").toString())))
                .hasMessageContaining("SOPS_AGE_KEY_FILE").hasMessageContaining("missing");
        java.nio.file.Files.createDirectories(dir.resolve("xdg/sops/age"));
        java.nio.file.Files.writeString(dir.resolve("xdg/sops/age/keys.txt"), a.encode() + "\n");
        assertThat(AgeKeys.fromEnvironment(java.util.Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString()))).hasSize(1);
    }
}
