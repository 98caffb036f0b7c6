package dev.tailtalos.common.crypto.age;

import java.util.Arrays;

/** An age X25519 recipient ({@code age1…}): a Curve25519 public key. */
public final class AgeRecipient {
    private static final String HRP = "age";
    private final byte[] publicKey;

    AgeRecipient(byte[] publicKey) {
        if (publicKey.length != 32) {
            throw new AgeException("an X25519 recipient is 32 bytes, got " + publicKey.length);
        }
        this.publicKey = publicKey.clone();
    }

    public static AgeRecipient parse(String text) {
        String s = text.strip();
        if (s.startsWith("age1pq1")) {
            throw new AgeException("post-quantum age recipients (age1pq1…) are not supported: " + s);
        }
        Bech32.Decoded decoded;
        try {
            decoded = Bech32.decode(s);
        } catch (IllegalArgumentException e) {
            throw new AgeException("not an age recipient: '" + s + "' (" + e.getMessage() + ")");
        }
        if (!decoded.hrp().equals(HRP)) {
            throw new AgeException("not an age X25519 recipient (prefix '" + decoded.hrp() + "', expected 'age'): " + s);
        }
        return new AgeRecipient(decoded.data());
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgeRecipient r && Arrays.equals(publicKey, r.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    /** The {@code age1…} form. */
    @Override
    public String toString() {
        return Bech32.encode(HRP, publicKey);
    }
}
