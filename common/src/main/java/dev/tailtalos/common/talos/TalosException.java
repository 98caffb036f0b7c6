package dev.tailtalos.common.talos;

public class TalosException extends RuntimeException {

    public TalosException(String message) {
        super(message);
    }

    public TalosException(String message, Throwable cause) {
        super(message, cause);
    }
}
