package dev.tailtalos.sim;

import dev.tailtalos.proto.cosi.CreateRequest;
import dev.tailtalos.proto.cosi.CreateResponse;
import dev.tailtalos.proto.cosi.DestroyRequest;
import dev.tailtalos.proto.cosi.DestroyResponse;
import dev.tailtalos.proto.cosi.EventType;
import dev.tailtalos.proto.cosi.GetRequest;
import dev.tailtalos.proto.cosi.GetResponse;
import dev.tailtalos.proto.cosi.ListRequest;
import dev.tailtalos.proto.cosi.ListResponse;
import dev.tailtalos.proto.cosi.Resource;
import dev.tailtalos.proto.cosi.StateGrpc;
import dev.tailtalos.proto.cosi.UpdateRequest;
import dev.tailtalos.proto.cosi.UpdateResponse;
import dev.tailtalos.proto.cosi.WatchRequest;
import dev.tailtalos.proto.cosi.WatchResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * {@code cosi.resource.State} behind Talos' read-only access filter: reads only, registered types only, sensitive
 * types for os:admin only; {@code node} metadata routes, {@code nodes} is refused by {@link CallerInterceptor}.
 */
final class CosiStateSimulation extends StateGrpc.StateImplBase {

    private final Fanout fanout;

    CosiStateSimulation(SimulatedNode entryNode) {
        this.fanout = new Fanout(entryNode);
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> responses) {
        try {
            List<Resource> resources = resources(request.getNamespace(), request.getType());
            Resource found = resources.stream().filter(r -> r.getMetadata().getId().equals(request.getId()))
                    .findFirst().orElseThrow(() -> Status.NOT_FOUND.withDescription("resource " + request.getType()
                            + "(" + request.getNamespace() + "/" + request.getId() + "@undefined) doesn't exist")
                            .asRuntimeException());
            responses.onNext(GetResponse.newBuilder().setResource(found).build());
            responses.onCompleted();
        } catch (StatusRuntimeException e) {
            responses.onError(e);
        }
    }

    @Override
    public void list(ListRequest request, StreamObserver<ListResponse> responses) {
        try {
            for (Resource resource : resources(request.getNamespace(), request.getType())) {
                responses.onNext(ListResponse.newBuilder().setResource(resource).build());
            }
            responses.onCompleted();
        } catch (StatusRuntimeException e) {
            responses.onError(e);
        }
    }

    /**
     * An empty response first ("watch ready"), then the watched resource's current state (watch by id) or the
     * bootstrap contents if asked; no live updates are sent.
     */
    @Override
    public void watch(WatchRequest request, StreamObserver<WatchResponse> responses) {
        try {
            List<Resource> resources = resources(request.getNamespace(), request.getType());
            responses.onNext(WatchResponse.getDefaultInstance());
            if (request.hasId() && !request.getOptions().getBootstrapContents()) {
                resources.stream().filter(r -> r.getMetadata().getId().equals(request.getId())).findFirst()
                        .ifPresent(r -> responses.onNext(WatchResponse.newBuilder().addEvent(
                                dev.tailtalos.proto.cosi.Event.newBuilder().setResource(r)
                                        .setEventType(EventType.CREATED)).build()));
            } else if (request.getOptions().getBootstrapContents()) {
                WatchResponse.Builder bootstrap = WatchResponse.newBuilder();
                resources.stream().filter(r -> !request.hasId() || r.getMetadata().getId().equals(request.getId()))
                        .forEach(r -> bootstrap.addEvent(dev.tailtalos.proto.cosi.Event.newBuilder().setResource(r)
                                .setEventType(EventType.CREATED)));
                bootstrap.addEvent(dev.tailtalos.proto.cosi.Event.newBuilder().setEventType(EventType.BOOTSTRAPPED));
                responses.onNext(bootstrap.build());
            }
        } catch (StatusRuntimeException e) {
            responses.onError(e);
        }
    }

    @Override
    public void create(CreateRequest request, StreamObserver<CreateResponse> responses) {
        responses.onError(readOnly());
    }

    @Override
    public void update(UpdateRequest request, StreamObserver<UpdateResponse> responses) {
        responses.onError(readOnly());
    }

    @Override
    public void destroy(DestroyRequest request, StreamObserver<DestroyResponse> responses) {
        responses.onError(readOnly());
    }

    private List<Resource> resources(String namespace, String type) {
        Caller caller = CallerInterceptor.current();
        SimulatedNode node = caller.node().map(fanout::resolve).orElse(fanout.entry());
        return NodeResources.list(node.view(), caller, namespace, type);
    }

    private static StatusRuntimeException readOnly() {
        return Status.PERMISSION_DENIED.withDescription("write access is not allowed").asRuntimeException();
    }
}
