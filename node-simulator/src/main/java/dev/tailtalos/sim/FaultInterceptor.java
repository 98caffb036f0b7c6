package dev.tailtalos.sim;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Applies a node's {@link NodeFaults} to incoming calls: latency, error rates, drops and (tailnet) MTU blackholes. */
final class FaultInterceptor implements ServerInterceptor {

    private final NodeFaults faults;
    private final ScheduledExecutorService scheduler;
    private final boolean tailnet;

    FaultInterceptor(NodeFaults faults, ScheduledExecutorService scheduler, boolean tailnet) {
        this.faults = faults;
        this.scheduler = scheduler;
        this.tailnet = tailnet;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        if (faults.dropCall()) {
            call.close(Status.UNAVAILABLE.withDescription("connection reset by peer (simulated drop)"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        if (faults.failCall(method)) {
            call.close(Status.UNAVAILABLE.withDescription("simulated failure of " + method), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        ServerCall<Q, R> shaped = tailnet && faults.mtuBlackholeBytes() >= 0 ? new Blackhole<>(call, faults) : call;
        ServerCall.Listener<Q> listener = next.startCall(shaped, headers);
        Duration latency = faults.latency();
        return latency.isZero() ? listener : new Delayed<>(listener, scheduler, latency);
    }

    /** Delays the point where a unary or server-streaming handler runs (the client's half-close). */
    private static final class Delayed<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ScheduledExecutorService scheduler;
        private final Duration latency;

        Delayed(ServerCall.Listener<Q> delegate, ScheduledExecutorService scheduler, Duration latency) {
            super(delegate);
            this.scheduler = scheduler;
            this.latency = latency;
        }

        @Override
        public void onHalfClose() {
            scheduler.schedule(() -> {
                synchronized (this) {
                    super.onHalfClose();
                }
            }, latency.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public synchronized void onCancel() {
            super.onCancel();
        }
    }

    /** Replies above the blackhole size are swallowed and the call never completes, as over a path with a too-small MTU. */
    private static final class Blackhole<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private final NodeFaults faults;
        private volatile boolean stalled;

        Blackhole(ServerCall<Q, R> delegate, NodeFaults faults) {
            super(delegate);
            this.faults = faults;
        }

        @Override
        public void sendMessage(R message) {
            int limit = faults.mtuBlackholeBytes();
            if (stalled || limit >= 0 && message instanceof MessageLite lite && lite.getSerializedSize() > limit) {
                stalled = true;
                return;
            }
            super.sendMessage(message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!stalled) {
                super.close(status, trailers);
            }
        }
    }
}
