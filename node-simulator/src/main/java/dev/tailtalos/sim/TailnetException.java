package dev.tailtalos.sim;

/** A failed login; the message is what {@code tailscale up} prints (it never contains the key). */
public class TailnetException extends Exception {

    public TailnetException(String message) {
        super(message);
    }
}
