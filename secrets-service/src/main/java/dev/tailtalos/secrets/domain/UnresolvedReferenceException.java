package dev.tailtalos.secrets.domain;

/** A config names a secret custody does not hold. The message names the reference and where it is used, never a value. */
public class UnresolvedReferenceException extends RuntimeException {
    public UnresolvedReferenceException(String message) {
        super(message);
    }
}
