package dev.tailtalos.common.crypto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Wraps data keys with AES-256-GCM under a 32-byte key-encryption key kept in a 0600 file. */
public final class LocalKeyWrapper implements KeyWrapper {
    private static final byte[] WRAP_AAD = "tailtalos-data-key".getBytes(StandardCharsets.UTF_8);
    private final String keyId;
    private final byte[] kek;

    public LocalKeyWrapper(String keyId, byte[] kek) {
        if (kek.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException("sealing key must be 32 bytes");
        }
        this.keyId = keyId;
        this.kek = kek.clone();
    }

    public static LocalKeyWrapper fromFile(Path keyFile) {
        byte[] kek = KeyFiles.load(keyFile);
        return new LocalKeyWrapper("local:" + Sha256.hex(kek).substring(0, 12), kek);
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        return AesGcm.encrypt(kek, dataKey, WRAP_AAD).concatenated();
    }

    @Override
    public byte[] unwrap(byte[] wrappedDataKey) {
        return AesGcm.decrypt(kek, AesGcm.Sealed.split(wrappedDataKey), WRAP_AAD);
    }

    @Override
    public String toString() {
        return "LocalKeyWrapper[" + keyId + "]";
    }
}
