package dev.tailtalos.sim;

import com.google.protobuf.Empty;
import dev.tailtalos.proto.talos.time.Time;
import dev.tailtalos.proto.talos.time.TimeRequest;
import dev.tailtalos.proto.talos.time.TimeResponse;
import dev.tailtalos.proto.talos.time.TimeServiceGrpc;
import io.grpc.stub.StreamObserver;

/** time.TimeService: both timestamps always set (talosctl refuses a reply without them). */
final class TimeServiceSimulation extends TimeServiceGrpc.TimeServiceImplBase {

    private final Fanout fanout;

    TimeServiceSimulation(SimulatedNode entryNode) {
        this.fanout = new Fanout(entryNode);
    }

    @Override
    public void time(Empty request, StreamObserver<TimeResponse> responses) {
        reply(responses, null);
    }

    @Override
    public void timeCheck(TimeRequest request, StreamObserver<TimeResponse> responses) {
        reply(responses, request.getServer());
    }

    private void reply(StreamObserver<TimeResponse> responses, String server) {
        fanout.unary(responses, (node, caller) -> node.time(caller, server),
                (message, metadata) -> message.toBuilder().setMetadata(metadata).build(),
                metadata -> Time.newBuilder().setMetadata(metadata).build(),
                messages -> TimeResponse.newBuilder().addAllMessages(messages).build());
    }
}
