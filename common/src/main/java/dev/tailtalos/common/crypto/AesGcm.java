package dev.tailtalos.common.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** AES-256-GCM with a random 96-bit nonce and a 128-bit tag. */
public final class AesGcm {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {
    }

    public record Sealed(byte[] nonce, byte[] ciphertext) {
        /** nonce followed by ciphertext, for storage in one field. */
        public byte[] concatenated() {
            byte[] out = new byte[nonce.length + ciphertext.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(ciphertext, 0, out, nonce.length, ciphertext.length);
            return out;
        }

        public static Sealed split(byte[] concatenated) {
            if (concatenated.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new DecryptionException("ciphertext is truncated (" + concatenated.length + " bytes)");
            }
            byte[] nonce = java.util.Arrays.copyOfRange(concatenated, 0, NONCE_BYTES);
            byte[] ct = java.util.Arrays.copyOfRange(concatenated, NONCE_BYTES, concatenated.length);
            return new Sealed(nonce, ct);
        }
    }

    public static byte[] randomKey() {
        return randomBytes(KEY_BYTES);
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public static Sealed encrypt(byte[] key, byte[] plaintext, byte[] aad) {
        byte[] nonce = randomBytes(NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            if (aad != null && aad.length > 0) {
                cipher.updateAAD(aad);
            }
            return new Sealed(nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    public static byte[] decrypt(byte[] key, Sealed sealed, byte[] aad) {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, sealed.nonce());
            if (aad != null && aad.length > 0) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new DecryptionException("authentication failed: wrong key, or the ciphertext or its context was altered");
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("AES-GCM decryption failed: " + e.getClass().getSimpleName());
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key, got " + key.length);
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return cipher;
    }

    public static class DecryptionException extends RuntimeException {
        public DecryptionException(String message) {
            super(message);
        }
    }
}
