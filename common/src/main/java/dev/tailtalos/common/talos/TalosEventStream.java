package dev.tailtalos.common.talos;

import dev.tailtalos.proto.talos.machine.Event;
import dev.tailtalos.proto.talos.machine.EventsRequest;
import dev.tailtalos.proto.talos.machine.MachineServiceGrpc;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A live {@code MachineService/Events} subscription. {@link #next} waits for the next event; when the node ends the
 * stream (e.g. it went down for a reboot) {@code next} throws a {@link TalosCallException} with the status.
 */
public final class TalosEventStream implements AutoCloseable {

    private static final Object END = new Object();

    private final String endpoint;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Context.CancellableContext context = Context.current().withCancellation();
    private volatile Status ended;

    private TalosEventStream(String endpoint) {
        this.endpoint = endpoint;
    }

    static TalosEventStream open(String endpoint, MachineServiceGrpc.MachineServiceStub stub, EventsRequest request) {
        TalosEventStream stream = new TalosEventStream(endpoint);
        stream.context.run(() -> stub.events(request, new StreamObserver<>() {
            @Override
            public void onNext(Event event) {
                stream.queue.add(event);
            }

            @Override
            public void onError(Throwable error) {
                stream.ended = Status.fromThrowable(error);
                stream.queue.add(END);
            }

            @Override
            public void onCompleted() {
                stream.ended = Status.OK;
                stream.queue.add(END);
            }
        }));
        return stream;
    }

    /** The next event, or empty when none arrived within the timeout. */
    public Optional<Event> next(Duration timeout) throws InterruptedException {
        Object item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (item == null) {
            return Optional.empty();
        }
        if (item == END) {
            queue.add(END);
            throw new TalosCallException(endpoint, "Events", ended.getCode() == Status.Code.OK
                    ? Status.UNAVAILABLE.withDescription("event stream ended") : ended);
        }
        Event event = (Event) item;
        TalosClient.throwIfNodeError(event.getMetadata());
        return Optional.of(event);
    }

    @Override
    public void close() {
        context.cancel(null);
    }
}
