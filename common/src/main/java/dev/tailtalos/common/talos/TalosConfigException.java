package dev.tailtalos.common.talos;

/** A talosconfig file that cannot be used; the message names the file and the field. */
public class TalosConfigException extends IllegalArgumentException {

    public TalosConfigException(String message) {
        super(message);
    }

    public TalosConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
