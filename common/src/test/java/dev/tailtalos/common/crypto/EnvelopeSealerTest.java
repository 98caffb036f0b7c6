package dev.tailtalos.common.crypto;

import dev.tailtalos.proto.events.v1.SealedBox;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeSealerTest {

    @Test
    void sealsAndUnsealsWithTheSameKey(@TempDir Path dir) {
        KeyFiles.loadOrCreate(dir.resolve("seal.key"));
        EnvelopeSealer sealer = new EnvelopeSealer(LocalKeyWrapper.fromFile(dir.resolve("seal.key")));
        byte[] aad = "r1|k8s-1|abc".getBytes(StandardCharsets.UTF_8);
        SealedBox box = sealer.seal("machine: {}".getBytes(StandardCharsets.UTF_8), aad);
        assertThat(box.getCiphertext().toStringUtf8()).doesNotContain("machine");
        assertThat(new String(sealer.unseal(box), StandardCharsets.UTF_8)).isEqualTo("machine: {}");
    }

    @Test
    void tamperedCiphertextOrContextIsRefused() {
        EnvelopeSealer sealer = new EnvelopeSealer(new LocalKeyWrapper("k", AesGcm.randomKey()));
        SealedBox box = sealer.seal("secret".getBytes(StandardCharsets.UTF_8), "ctx".getBytes(StandardCharsets.UTF_8));
        byte[] ct = box.getCiphertext().toByteArray();
        ct[0] ^= 1;
        assertThatThrownBy(() -> sealer.unseal(box.toBuilder().setCiphertext(ByteString.copyFrom(ct)).build()))
                .isInstanceOf(AesGcm.DecryptionException.class);
        assertThatThrownBy(() -> sealer.unseal(box.toBuilder().setAad(ByteString.copyFromUtf8("other")).build()))
                .isInstanceOf(AesGcm.DecryptionException.class);
    }

    @Test
    void anotherKeyCannotUnseal() {
        SealedBox box = new EnvelopeSealer(new LocalKeyWrapper("k", AesGcm.randomKey()))
                .seal("secret".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThatThrownBy(() -> new EnvelopeSealer(new LocalKeyWrapper("k", AesGcm.randomKey())).unseal(box))
                .isInstanceOf(AesGcm.DecryptionException.class);
        assertThatThrownBy(() -> new EnvelopeSealer(new LocalKeyWrapper("other", AesGcm.randomKey())).unseal(box))
                .hasMessageContaining("sealed with key 'k'");
    }

    @Test
    void keyFilesAreOwnerOnlyAndLooseOnesAreRefused(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("k.key");
        KeyFiles.loadOrCreate(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeyFiles.load(key)).hasMessageContaining("chmod 600").hasMessageContaining(key.toString());
    }
}
