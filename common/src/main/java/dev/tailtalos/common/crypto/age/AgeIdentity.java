package dev.tailtalos.common.crypto.age;

import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

import java.security.SecureRandom;
import java.util.Locale;

/** An age X25519 identity ({@code AGE-SECRET-KEY-1…}). toString never shows the secret. */
public final class AgeIdentity {
    private static final String HRP = "age-secret-key-";
    private final byte[] secret;
    private final AgeRecipient recipient;

    private AgeIdentity(byte[] secret) {
        if (secret.length != 32) {
            throw new AgeException("an X25519 identity is 32 bytes, got " + secret.length);
        }
        this.secret = secret.clone();
        this.recipient = new AgeRecipient(new X25519PrivateKeyParameters(secret, 0).generatePublicKey().getEncoded());
    }

    public static AgeIdentity generate() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new AgeIdentity(secret);
    }

    /** Parses one {@code AGE-SECRET-KEY-1…} line; the error never repeats the input. */
    public static AgeIdentity parse(String text) {
        String s = text.strip();
        Bech32.Decoded decoded;
        try {
            decoded = Bech32.decode(s);
        } catch (IllegalArgumentException e) {
            throw new AgeException("malformed age identity (" + e.getMessage() + ")");
        }
        if (!decoded.hrp().equals(HRP)) {
            throw new AgeException("not an age X25519 identity (expected the AGE-SECRET-KEY-1 prefix)");
        }
        return new AgeIdentity(decoded.data());
    }

    public AgeRecipient recipient() {
        return recipient;
    }

    byte[] secret() {
        return secret.clone();
    }

    /** The {@code AGE-SECRET-KEY-1…} text: a secret, for writing key files only. */
    public String encode() {
        return Bech32.encode(HRP, secret).toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "AgeIdentity[" + recipient + "]";
    }
}
