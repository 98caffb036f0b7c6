package dev.tailtalos.config.domain;

import java.util.regex.Pattern;

/** Recognises SOPS-encrypted YAML the way talhelper does: a top-level {@code sops:} mapping. */
public final class SopsFiles {

    private static final Pattern SOPS_KEY = Pattern.compile("(?m)^sops:\\s*$");
    private static final Pattern ENCRYPTED_VALUE = Pattern.compile("ENC\\[AES256_GCM,");

    private SopsFiles() {
    }

    public static boolean isEncrypted(String text) {
        return SOPS_KEY.matcher(text).find() && ENCRYPTED_VALUE.matcher(text).find();
    }

    /** The plaintext of {@code text}: itself when not encrypted, else what {@code decryptor} returns. */
    public static String plaintext(String file, String text, SopsDecryptor decryptor) {
        return isEncrypted(text) ? decryptor.decrypt(file, text) : text;
    }
}
