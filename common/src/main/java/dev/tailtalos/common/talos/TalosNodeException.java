package dev.tailtalos.common.talos;

import io.grpc.Status;
import java.util.Optional;

/** A reply message whose {@code metadata.error} is set: the node named by {@code hostname} failed. */
public class TalosNodeException extends TalosException {

    private final String hostname;
    private final String error;
    private final Status.Code code;

    public TalosNodeException(String hostname, String error, Status.Code code) {
        super("node " + (hostname.isEmpty() ? "<unnamed>" : hostname) + ": " + error);
        this.hostname = hostname;
        this.error = error;
        this.code = code;
    }

    public String hostname() {
        return hostname;
    }

    public String error() {
        return error;
    }

    /** The gRPC code from {@code metadata.status}, when the proxy supplied one. */
    public Optional<Status.Code> code() {
        return Optional.ofNullable(code);
    }

    public boolean isTransient() {
        return code != null && TalosCallException.isTransientCode(code);
    }
}
