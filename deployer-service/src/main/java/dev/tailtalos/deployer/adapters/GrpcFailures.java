package dev.tailtalos.deployer.adapters;

import dev.tailtalos.common.talos.DialRefusedException;
import dev.tailtalos.common.talos.TalosCallException;
import dev.tailtalos.common.talos.TalosNodeException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.grpc.Status;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which failures of a call to a node are worth retrying. Transient: Unavailable, DeadlineExceeded, ResourceExhausted,
 * Aborted (the node or the path is busy or down for a while), Cancelled (the node reset the stream, e.g. it crashed or
 * rebooted mid-call; the deployer never cancels its own calls), an open circuit and a full bulkhead. Permanent:
 * InvalidArgument (the node refused the config), PermissionDenied and Unauthenticated (wrong credentials), a failed TLS
 * handshake (wrong CA or SANs: retrying cannot help), a refused dial, and anything unknown.
 */
public final class GrpcFailures {
    private static final Set<Status.Code> TRANSIENT = EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.CANCELLED);

    private GrpcFailures() {
    }

    public static boolean isTransient(Throwable e) {
        if (e instanceof CallNotPermittedException || e instanceof BulkheadFullException) {
            return true;
        }
        if (e instanceof DialRefusedException) {
            return false;
        }
        if (e instanceof TalosCallException call) {
            return TRANSIENT.contains(call.code()) && !call.tlsFailure();
        }
        if (e instanceof TalosNodeException node) {
            return node.code().map(TRANSIENT::contains).orElse(false);
        }
        return false;
    }

    /** Failures that say something about the path to the node (they count against its circuit breaker). */
    public static boolean isPathFailure(Throwable e) {
        return e instanceof TalosCallException call && TRANSIENT.contains(call.code());
    }
}
