package dev.tailtalos.common.events;

/** A Kafka record that cannot be read as the event it claims to be; never retried. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
