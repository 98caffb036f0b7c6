package dev.tailtalos.common.crypto.sops;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** sops value encryption: {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]}, AES-256-GCM with a 32-byte IV, AAD = key path. */
public final class SopsValueCipher {
    private static final Pattern ENC = Pattern.compile("^ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]");
    private static final int IV_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SopsValueCipher() {
    }

    public static boolean isEncrypted(Object value) {
        return value instanceof String s && s.startsWith("ENC[");
    }

    public static String encrypt(Object value, byte[] dataKey, String aad) {
        if (value instanceof String s && s.isEmpty()) {
            return "";
        }
        String type = GoYamlScalars.typeOf(value);
        byte[] plaintext = GoYamlScalars.toBytes(value);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] out = gcm(true, dataKey, iv, aad, plaintext);
        Arrays.fill(plaintext, (byte) 0);
        Base64.Encoder b64 = Base64.getEncoder();
        return "ENC[AES256_GCM,data:" + b64.encodeToString(Arrays.copyOf(out, out.length - 16))
                + ",iv:" + b64.encodeToString(iv)
                + ",tag:" + b64.encodeToString(Arrays.copyOfRange(out, out.length - 16, out.length))
                + ",type:" + type + "]";
    }

    /** Decrypts one value; the exception message says what is wrong without the value. */
    public static Object decrypt(String encrypted, byte[] dataKey, String aad) {
        if (encrypted.isEmpty()) {
            return "";
        }
        Matcher m = ENC.matcher(encrypted);
        if (!m.find()) {
            throw new IllegalArgumentException("value is not in sops' ENC[AES256_GCM,…] format");
        }
        byte[] data;
        byte[] iv;
        byte[] tag;
        try {
            data = Base64.getDecoder().decode(m.group(1));
            iv = Base64.getDecoder().decode(m.group(2));
            tag = Base64.getDecoder().decode(m.group(3));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encrypted value has invalid base64 (truncated or altered)");
        }
        if (iv.length == 0 || tag.length != 16) {
            throw new IllegalArgumentException("encrypted value has an IV of " + iv.length + " bytes and a tag of "
                    + tag.length + " bytes (truncated or altered)");
        }
        byte[] input = Arrays.copyOf(data, data.length + tag.length);
        System.arraycopy(tag, 0, input, data.length, tag.length);
        byte[] plaintext = gcm(false, dataKey, iv, aad, input);
        try {
            return GoYamlScalars.fromBytes(m.group(4), plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static byte[] gcm(boolean encrypt, byte[] key, byte[] iv, String aad, byte[] input) {
        GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, iv, aad.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int n = cipher.processBytes(input, 0, input.length, out, 0);
        try {
            n += cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalArgumentException("AES-GCM authentication failed: the value was tampered with, moved to"
                    + " another key, or the data key is wrong");
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
