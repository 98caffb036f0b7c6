package dev.tailtalos.sim;

import com.google.protobuf.Empty;
import dev.tailtalos.proto.talos.common.Metadata;
import dev.tailtalos.proto.talos.machine.ApplyConfiguration;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationResponse;
import dev.tailtalos.proto.talos.machine.MachineServiceGrpc;
import dev.tailtalos.proto.talos.machine.ServiceList;
import dev.tailtalos.proto.talos.machine.ServiceListResponse;
import dev.tailtalos.proto.talos.machine.Version;
import dev.tailtalos.proto.talos.machine.VersionResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * MachineService as apid + machined answer it. With {@code nodes} metadata every listed node gets one reply
 * message carrying {@code metadata.hostname} (failures go into {@code metadata.error}/{@code status} and the
 * call succeeds); with {@code node} or no metadata the single reply has empty metadata and failures are gRPC
 * status errors.
 */
final class MachineServiceSimulation extends MachineServiceGrpc.MachineServiceImplBase {

    private final SimulatedNode entryNode;

    MachineServiceSimulation(SimulatedNode entryNode) {
        this.entryNode = entryNode;
    }

    @Override
    public void version(Empty request, StreamObserver<VersionResponse> responses) {
        reply(responses, (node, caller) -> node.version(caller),
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> Version.newBuilder().setMetadata(metadata).build(),
                messages -> VersionResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void applyConfiguration(ApplyConfigurationRequest request,
            StreamObserver<ApplyConfigurationResponse> responses) {
        reply(responses, (node, caller) -> node.apply(caller, request),
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> ApplyConfiguration.newBuilder().setMetadata(metadata).build(),
                messages -> ApplyConfigurationResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void serviceList(Empty request, StreamObserver<ServiceListResponse> responses) {
        reply(responses, (node, caller) -> node.serviceList(caller),
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> ServiceList.newBuilder().setMetadata(metadata).build(),
                messages -> ServiceListResponse.newBuilder().addAllMessages(messages).build());
    }

    private <M, R> void reply(StreamObserver<R> responses, BiFunction<SimulatedNode, Caller, M> handler,
            BiFunction<M, Metadata, M> withMetadata, Function<Metadata, M> failed, Function<List<M>, R> wrap) {
        Caller caller = CallerInterceptor.current()
                .orElseThrow(() -> new IllegalStateException("CallerInterceptor not installed"));
        try {
            List<M> messages = new ArrayList<>();
            if (caller.nodes().isEmpty()) {
                SimulatedNode target = caller.node().map(this::resolve).orElse(entryNode);
                messages.add(handler.apply(target, caller));
            } else {
                for (String hostname : caller.nodes()) {
                    Metadata.Builder metadata = Metadata.newBuilder().setHostname(hostname);
                    try {
                        messages.add(withMetadata.apply(handler.apply(resolve(hostname), caller), metadata.build()));
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

    private SimulatedNode resolve(String target) {
        return entryNode.route(target).orElseThrow(() -> Status.UNAVAILABLE
                .withDescription("connection error: no simulated node answers to \"" + target + "\"")
                .asRuntimeException());
    }

    /** Like apid's BuildError: the error text as Go's status error prints it, plus the status proto. */
    private static Metadata asError(Metadata.Builder metadata, Status status) {
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
