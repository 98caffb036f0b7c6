package dev.tailtalos.sim;

import dev.tailtalos.proto.talos.common.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * apid's routing for the simulator. With {@code nodes} metadata every listed node gets one reply message (unary) or
 * its stream of messages, each carrying {@code metadata.hostname}; failures go into {@code metadata.error}/{@code status}
 * and the call succeeds. With {@code node} or no metadata the target's reply passes through untouched and failures are
 * gRPC status errors.
 */
final class Fanout {

    /** A unary handler for one node. */
    interface Unary<M> {
        M handle(SimulatedNode node, Caller caller);
    }

    /** A streaming handler for one node: emits messages and calls done, or returns a cancel hook for live streams. */
    interface Streaming<M> {
        Runnable start(SimulatedNode node, Caller caller, Consumer<M> emit, Runnable done);
    }

    private final SimulatedNode entryNode;

    Fanout(SimulatedNode entryNode) {
        this.entryNode = entryNode;
    }

    <M, R> void unary(StreamObserver<R> responses, Unary<M> handler, BiFunction<M, Metadata, M> withMetadata,
            Function<Metadata, M> failed, Function<List<M>, R> wrap) {
        Caller caller = CallerInterceptor.current();
        try {
            List<M> messages = new ArrayList<>();
            if (caller.nodes().isEmpty()) {
                messages.add(handler.handle(target(caller), caller));
            } else {
                for (String hostname : caller.nodes()) {
                    Metadata.Builder metadata = Metadata.newBuilder().setHostname(hostname);
                    try {
                        messages.add(withMetadata.apply(handler.handle(resolve(hostname), caller), metadata.build()));
                    } catch (SimulatedNode.LostReplyException e) {
                        throw e;
                    } catch (StatusRuntimeException e) {
                        messages.add(failed.apply(asError(metadata, e.getStatus())));
                    }
                }
            }
            responses.onNext(wrap.apply(messages));
            responses.onCompleted();
        } catch (StatusRuntimeException e) {
            responses.onError(e);
        }
    }

    <M> void streaming(StreamObserver<M> responses, Streaming<M> handler, BiFunction<M, Metadata, M> withMetadata,
            Function<Metadata, M> failed) {
        Caller caller = CallerInterceptor.current();
        ServerCallStreamObserver<M> observer = (ServerCallStreamObserver<M>) responses;
        List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
        observer.setOnCancelHandler(() -> cancelHooks.forEach(Runnable::run));
        Object lock = new Object();
        if (caller.nodes().isEmpty()) {
            try {
                Runnable hook = handler.start(target(caller), caller, message -> {
                    synchronized (lock) {
                        if (!observer.isCancelled()) {
                            observer.onNext(message);
                        }
                    }
                }, () -> {
                    synchronized (lock) {
                        observer.onCompleted();
                    }
                });
                if (hook != null) {
                    cancelHooks.add(hook);
                }
            } catch (StatusRuntimeException e) {
                observer.onError(e);
            }
            return;
        }
        AtomicInteger open = new AtomicInteger(caller.nodes().size());
        Runnable oneDone = () -> {
            if (open.decrementAndGet() == 0) {
                synchronized (lock) {
                    observer.onCompleted();
                }
            }
        };
        for (String hostname : caller.nodes()) {
            Metadata metadata = Metadata.newBuilder().setHostname(hostname).build();
            Consumer<M> emit = message -> {
                synchronized (lock) {
                    if (!observer.isCancelled()) {
                        observer.onNext(withMetadata.apply(message, metadata));
                    }
                }
            };
            try {
                Runnable hook = handler.start(resolve(hostname), caller, emit, oneDone);
                if (hook != null) {
                    cancelHooks.add(hook);
                }
            } catch (StatusRuntimeException e) {
                synchronized (lock) {
                    observer.onNext(failed.apply(asError(metadata.toBuilder(), e.getStatus())));
                }
                oneDone.run();
            }
        }
    }

    SimulatedNode entry() {
        return entryNode;
    }

    private SimulatedNode target(Caller caller) {
        return caller.node().map(this::resolve).orElse(entryNode);
    }

    SimulatedNode resolve(String target) {
        SimulatedNode node = entryNode.route(target).orElseThrow(() -> Status.UNAVAILABLE
                .withDescription("connection error: no simulated node answers to \"" + target + "\"")
                .asRuntimeException());
        if (node != entryNode && !node.isServing()) {
            throw Status.UNAVAILABLE.withDescription("connection error: desc = \"transport: Error while dialing: dial tcp "
                    + target + ":50000: connect: connection refused\"").asRuntimeException();
        }
        return node;
    }

    /** Like apid's BuildError: the error text as Go's status error prints it, plus the status proto. */
    static Metadata asError(Metadata.Builder metadata, Status status) {
        String description = status.getDescription() == null ? "" : status.getDescription();
        return metadata
                .setError("rpc error: code = " + goCodeName(status.getCode()) + " desc = " + description)
                .setStatus(com.google.rpc.Status.newBuilder().setCode(status.getCode().value()).setMessage(description))
                .build();
    }

    static String goCodeName(Status.Code code) {
        if (code == Status.Code.CANCELLED) {
            return "Canceled";
        }
        if (code == Status.Code.OK) {
            return "OK";
        }
        StringBuilder name = new StringBuilder();
        for (String part : code.name().split("_")) {
            name.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return name.toString();
    }
}
