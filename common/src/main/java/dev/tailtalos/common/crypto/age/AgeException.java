package dev.tailtalos.common.crypto.age;

/** An age file or key that cannot be used; messages never contain key material or plaintext. */
public class AgeException extends RuntimeException {
    public AgeException(String message) {
        super(message);
    }

    public AgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
