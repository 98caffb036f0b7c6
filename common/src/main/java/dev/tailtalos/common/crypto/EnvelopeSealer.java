package dev.tailtalos.common.crypto;

import com.google.protobuf.ByteString;
import dev.tailtalos.proto.events.v1.SealedBox;

import java.util.Arrays;

/**
 * Envelope encryption: each payload gets a fresh AES-256 data key; the data key is wrapped by a
 * {@link KeyWrapper} (the local sealing key, or Vault transit).
 */
public final class EnvelopeSealer {
    private final KeyWrapper wrapper;

    public EnvelopeSealer(KeyWrapper wrapper) {
        this.wrapper = wrapper;
    }

    public SealedBox seal(byte[] plaintext, byte[] aad) {
        byte[] dataKey = AesGcm.randomKey();
        try {
            AesGcm.Sealed sealed = AesGcm.encrypt(dataKey, plaintext, aad);
            return SealedBox.newBuilder()
                    .setKeyId(wrapper.keyId())
                    .setWrappedDataKey(ByteString.copyFrom(wrapper.wrap(dataKey)))
                    .setNonce(ByteString.copyFrom(sealed.nonce()))
                    .setCiphertext(ByteString.copyFrom(sealed.ciphertext()))
                    .setAad(ByteString.copyFrom(aad))
                    .build();
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public byte[] unseal(SealedBox box) {
        if (!box.getKeyId().equals(wrapper.keyId())) {
            throw new AesGcm.DecryptionException("sealed with key '" + box.getKeyId() + "', this unsealer holds '"
                    + wrapper.keyId() + "'");
        }
        byte[] dataKey = wrapper.unwrap(box.getWrappedDataKey().toByteArray());
        try {
            return AesGcm.decrypt(dataKey, new AesGcm.Sealed(box.getNonce().toByteArray(), box.getCiphertext().toByteArray()),
                    box.getAad().toByteArray());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }
}
