package dev.tailtalos.sim;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.tailtalos.proto.talos.common.Data;
import dev.tailtalos.proto.talos.machine.ApplyConfiguration;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationResponse;
import dev.tailtalos.proto.talos.machine.Event;
import dev.tailtalos.proto.talos.machine.EventsRequest;
import dev.tailtalos.proto.talos.machine.DmesgRequest;
import dev.tailtalos.proto.talos.machine.EtcdMemberListRequest;
import dev.tailtalos.proto.talos.machine.EtcdMemberListResponse;
import dev.tailtalos.proto.talos.machine.EtcdMembers;
import dev.tailtalos.proto.talos.machine.Memory;
import dev.tailtalos.proto.talos.machine.MemoryResponse;
import dev.tailtalos.proto.talos.machine.Mounts;
import dev.tailtalos.proto.talos.machine.MountsResponse;
import dev.tailtalos.proto.talos.machine.LogsRequest;
import dev.tailtalos.proto.talos.machine.MachineServiceGrpc;
import dev.tailtalos.proto.talos.machine.ReadRequest;
import dev.tailtalos.proto.talos.machine.Reboot;
import dev.tailtalos.proto.talos.machine.RebootRequest;
import dev.tailtalos.proto.talos.machine.RebootResponse;
import dev.tailtalos.proto.talos.machine.ServiceList;
import dev.tailtalos.proto.talos.machine.ServiceListResponse;
import dev.tailtalos.proto.talos.machine.ServiceRestart;
import dev.tailtalos.proto.talos.machine.ServiceRestartRequest;
import dev.tailtalos.proto.talos.machine.ServiceRestartResponse;
import dev.tailtalos.proto.talos.machine.ServiceStart;
import dev.tailtalos.proto.talos.machine.ServiceStartRequest;
import dev.tailtalos.proto.talos.machine.ServiceStartResponse;
import dev.tailtalos.proto.talos.machine.ServiceStop;
import dev.tailtalos.proto.talos.machine.ServiceStopRequest;
import dev.tailtalos.proto.talos.machine.ServiceStopResponse;
import dev.tailtalos.proto.talos.machine.Upgrade;
import dev.tailtalos.proto.talos.machine.UpgradeRequest;
import dev.tailtalos.proto.talos.machine.UpgradeResponse;
import dev.tailtalos.proto.talos.machine.Version;
import dev.tailtalos.proto.talos.machine.VersionResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** MachineService as apid + machined answer it (routing in {@link Fanout}, behaviour in {@link SimulatedNode}). */
final class MachineServiceSimulation extends MachineServiceGrpc.MachineServiceImplBase {

    /** machined streams files and logs in chunks of this size (pkg/chunker/stream default). */
    static final int CHUNK_BYTES = 1024;

    private final Fanout fanout;

    MachineServiceSimulation(SimulatedNode entryNode) {
        this.fanout = new Fanout(entryNode);
    }

    @Override
    public void version(Empty request, StreamObserver<VersionResponse> responses) {
        fanout.unary(responses, SimulatedNode::version,
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> Version.newBuilder().setMetadata(metadata).build(),
                messages -> VersionResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void applyConfiguration(ApplyConfigurationRequest request,
            StreamObserver<ApplyConfigurationResponse> responses) {
        fanout.unary(responses, (node, caller) -> node.apply(caller, request),
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> ApplyConfiguration.newBuilder().setMetadata(metadata).build(),
                messages -> ApplyConfigurationResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void serviceList(Empty request, StreamObserver<ServiceListResponse> responses) {
        fanout.unary(responses, SimulatedNode::serviceList,
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> ServiceList.newBuilder().setMetadata(metadata).build(),
                messages -> ServiceListResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void serviceRestart(ServiceRestartRequest request, StreamObserver<ServiceRestartResponse> responses) {
        fanout.unary(responses, (node, caller) -> ServiceRestart.newBuilder()
                        .setResp(node.serviceControl(caller, request.getId(), "restart")).build(),
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> ServiceRestart.newBuilder().setMetadata(metadata).build(),
                messages -> ServiceRestartResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void serviceStart(ServiceStartRequest request, StreamObserver<ServiceStartResponse> responses) {
        fanout.unary(responses, (node, caller) -> ServiceStart.newBuilder()
                        .setResp(node.serviceControl(caller, request.getId(), "start")).build(),
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> ServiceStart.newBuilder().setMetadata(metadata).build(),
                messages -> ServiceStartResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void serviceStop(ServiceStopRequest request, StreamObserver<ServiceStopResponse> responses) {
        fanout.unary(responses, (node, caller) -> ServiceStop.newBuilder()
                        .setResp(node.serviceControl(caller, request.getId(), "stop")).build(),
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> ServiceStop.newBuilder().setMetadata(metadata).build(),
                messages -> ServiceStopResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void reboot(RebootRequest request, StreamObserver<RebootResponse> responses) {
        fanout.unary(responses, SimulatedNode::reboot,
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> Reboot.newBuilder().setMetadata(metadata).build(),
                messages -> RebootResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void upgrade(UpgradeRequest request, StreamObserver<UpgradeResponse> responses) {
        fanout.unary(responses, (node, caller) -> node.upgrade(caller, request),
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> Upgrade.newBuilder().setMetadata(metadata).build(),
                messages -> UpgradeResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void read(ReadRequest request, StreamObserver<Data> responses) {
        fanout.streaming(responses, (node, caller, emit, done) -> {
            byte[] content = node.readFile(caller, request.getPath());
            chunks(content, emit);
            done.run();
            return null;
        }, MachineServiceSimulation::withMetadata, metadata -> Data.newBuilder().setMetadata(metadata).build());
    }

    @Override
    public void logs(LogsRequest request, StreamObserver<Data> responses) {
        fanout.streaming(responses, (node, caller, emit, done) -> {
            if (!request.getNamespace().isEmpty() && !request.getNamespace().equals("system")) {
                throw Status.NOT_FOUND.withDescription("log \"" + request.getId() + "\" was not registered")
                        .asRuntimeException();
            }
            ServiceLog log = node.serviceLog(caller, request.getId());
            chunks(log.tail(request.getTailLines()).getBytes(StandardCharsets.UTF_8), emit);
            if (!request.getFollow()) {
                done.run();
                return null;
            }
            return log.follow(line -> chunks(line.getBytes(StandardCharsets.UTF_8), emit));
        }, MachineServiceSimulation::withMetadata, metadata -> Data.newBuilder().setMetadata(metadata).build());
    }

    @Override
    public void etcdMemberList(EtcdMemberListRequest request, StreamObserver<EtcdMemberListResponse> responses) {
        fanout.unary(responses, SimulatedNode::etcdMembers,
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> EtcdMembers.newBuilder().setMetadata(metadata).build(),
                messages -> EtcdMemberListResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void memory(Empty request, StreamObserver<MemoryResponse> responses) {
        fanout.unary(responses, SimulatedNode::memory,
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> Memory.newBuilder().setMetadata(metadata).build(),
                messages -> MemoryResponse.newBuilder().addAllMessages(messages).build());
    }

    @Override
    public void mounts(Empty request, StreamObserver<MountsResponse> responses) {
        fanout.unary(responses, SimulatedNode::mounts,
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> Mounts.newBuilder().setMetadata(metadata).build(),
                messages -> MountsResponse.newBuilder().addAllMessages(messages).build());
    }

    /** One record per message, as machined sends them. */
    @Override
    public void dmesg(DmesgRequest request, StreamObserver<Data> responses) {
        fanout.streaming(responses, (node, caller, emit, done) -> node.kernelLog(caller).read(request.getFollow(),
                request.getTail(), record -> emit.accept(Data.newBuilder().setBytes(ByteString.copyFromUtf8(record))
                        .build()), done),
                MachineServiceSimulation::withMetadata, metadata -> Data.newBuilder().setMetadata(metadata).build());
    }

    @Override
    public void events(EventsRequest request, StreamObserver<Event> responses) {
        fanout.streaming(responses, (node, caller, emit, done) -> {
            node.authorizeEvents(caller);
            String actor = request.getWithActorId();
            emit.accept(Event.newBuilder().setData(Any.getDefaultInstance()).setId(EventLog.newId())
                    .setActorId(actor).build());
            Consumer<Event> live = event -> {
                if (actor.isEmpty() || actor.equals(event.getActorId())) {
                    emit.accept(event);
                }
            };
            List<Event> tail = node.events().subscribe(request.getTailEvents(), live, done);
            tail.stream().filter(event -> actor.isEmpty() || actor.equals(event.getActorId())).forEach(emit);
            return () -> node.events().unsubscribe(live);
        }, (event, metadata) -> event.toBuilder().setMetadata(metadata).build(),
                metadata -> Event.newBuilder().setMetadata(metadata).build());
    }

    private static Data withMetadata(Data data, dev.tailtalos.proto.talos.common.Metadata metadata) {
        return data.toBuilder().setMetadata(metadata).build();
    }

    static void chunks(byte[] content, Consumer<Data> emit) {
        for (int offset = 0; offset < content.length; offset += CHUNK_BYTES) {
            int length = Math.min(CHUNK_BYTES, content.length - offset);
            emit.accept(Data.newBuilder().setBytes(ByteString.copyFrom(content, offset, length)).build());
        }
    }
}
