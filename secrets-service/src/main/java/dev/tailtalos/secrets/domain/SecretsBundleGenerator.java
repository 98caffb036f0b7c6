package dev.tailtalos.secrets.domain;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Random values of a Talos secrets bundle in Talos's formats (tokens, cluster id/secret, encryption secret). */
public final class SecretsBundleGenerator {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private SecretsBundleGenerator() {
    }

    /** Non-certificate fields of the bundle, keyed as in talsecret.yaml (e.g. "secrets.bootstraptoken"). */
    public static Map<String, String> randomFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("cluster.id", Base64.getUrlEncoder().encodeToString(bytes(32)));
        f.put("cluster.secret", Base64.getEncoder().encodeToString(bytes(32)));
        f.put("secrets.bootstraptoken", token(6) + "." + token(16));
        f.put("secrets.secretboxencryptionsecret", Base64.getEncoder().encodeToString(bytes(32)));
        f.put("trustdinfo.token", token(6) + "." + token(16));
        return f;
    }

    private static String token(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
        }
        return sb.toString();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
