package dev.tailtalos.common.talos;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.tailtalos.proto.cosi.GetRequest;
import dev.tailtalos.proto.cosi.ListRequest;
import dev.tailtalos.proto.cosi.ListResponse;
import dev.tailtalos.proto.cosi.Resource;
import dev.tailtalos.proto.cosi.StateGrpc;
import dev.tailtalos.proto.talos.common.Data;
import dev.tailtalos.proto.talos.common.Metadata;
import dev.tailtalos.proto.talos.machine.ApplyConfiguration;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import dev.tailtalos.proto.talos.machine.Event;
import dev.tailtalos.proto.talos.machine.EventsRequest;
import dev.tailtalos.proto.talos.machine.LogsRequest;
import dev.tailtalos.proto.talos.machine.MachineServiceGrpc;
import dev.tailtalos.proto.talos.machine.ReadRequest;
import dev.tailtalos.proto.talos.machine.Reboot;
import dev.tailtalos.proto.talos.machine.RebootRequest;
import dev.tailtalos.proto.talos.machine.ServiceList;
import dev.tailtalos.proto.talos.machine.ServiceRestart;
import dev.tailtalos.proto.talos.machine.ServiceRestartRequest;
import dev.tailtalos.proto.talos.machine.ServiceStart;
import dev.tailtalos.proto.talos.machine.ServiceStartRequest;
import dev.tailtalos.proto.talos.machine.ServiceStop;
import dev.tailtalos.proto.talos.machine.ServiceStopRequest;
import dev.tailtalos.proto.talos.machine.Upgrade;
import dev.tailtalos.proto.talos.machine.UpgradeRequest;
import dev.tailtalos.proto.talos.machine.Version;
import dev.tailtalos.proto.talos.time.Time;
import dev.tailtalos.proto.talos.time.TimeRequest;
import dev.tailtalos.proto.talos.time.TimeServiceGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * gRPC client for one Talos API endpoint over mutual TLS. The server certificate must chain to the
 * context's CA and name the dialed host (or {@link Builder#tlsServerName}) in its SANs.
 *
 * <p>Routing metadata follows talosctl: {@link Builder#nodes} sends {@code nodes} (apid fans out and every reply
 * message names its node), {@link Builder#node} sends {@code node}; COSI calls always use {@code node} because apid
 * refuses one-to-many proxying for them. A reply message with {@code metadata.error} becomes a
 * {@link TalosNodeException}; a failed call a {@link TalosCallException}.
 */
public final class TalosClient implements AutoCloseable {

    public static final int MAX_INBOUND_MESSAGE_BYTES = 32 * 1024 * 1024;
    /** The namespace of system services' logs (constants.SystemContainerdNamespace). */
    public static final String SYSTEM_NAMESPACE = "system";

    private static final io.grpc.Metadata.Key<String> NODES =
            io.grpc.Metadata.Key.of("nodes", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
    private static final io.grpc.Metadata.Key<String> NODE =
            io.grpc.Metadata.Key.of("node", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
    private static final io.grpc.Metadata.Key<String> RUNTIME =
            io.grpc.Metadata.Key.of("runtime", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

    private final TalosEndpoint endpoint;
    private final ManagedChannel channel;
    private final MachineServiceGrpc.MachineServiceBlockingStub stub;
    private final MachineServiceGrpc.MachineServiceStub asyncStub;
    private final TimeServiceGrpc.TimeServiceBlockingStub timeStub;
    private final StateGrpc.StateBlockingStub cosiStub;
    private final Duration callTimeout;
    private final boolean maintenance;
    private final List<String> nodes;
    private final String node;

    private TalosClient(Builder builder) {
        this.endpoint = builder.endpoint;
        this.callTimeout = builder.callTimeout;
        this.maintenance = builder.credentials == null;
        this.nodes = builder.nodes;
        this.node = builder.node;
        InetSocketAddress address = builder.dialPolicy.check(endpoint);
        SslContext sslContext = maintenance
                ? TalosSslContexts.insecureClient()
                : TalosSslContexts.client(builder.credentials);
        NettyChannelBuilder channelBuilder = address.isUnresolved()
                ? NettyChannelBuilder.forAddress(address.getHostString(), address.getPort())
                : NettyChannelBuilder.forAddress(address);
        this.channel = channelBuilder
                .overrideAuthority(builder.tlsServerName != null
                        ? new TalosEndpoint(builder.tlsServerName, endpoint.port()).authority()
                        : endpoint.authority())
                .negotiationType(NegotiationType.TLS)
                .sslContext(sslContext)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .build();
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(RUNTIME, "Talos");
        nodes.forEach(target -> headers.put(NODES, target));
        if (node != null) {
            headers.put(NODE, node);
        }
        this.stub = MachineServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        this.asyncStub = MachineServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        this.timeStub = TimeServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        io.grpc.Metadata cosiHeaders = new io.grpc.Metadata();
        cosiHeaders.put(RUNTIME, "Talos");
        String cosiNode = node != null ? node : nodes.size() == 1 ? nodes.get(0) : null;
        if (cosiNode != null) {
            cosiHeaders.put(NODE, cosiNode);
        }
        this.cosiStub = StateGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(cosiHeaders));
    }

    public static Builder builder(String endpoint) {
        return new Builder(TalosEndpoint.parse(endpoint));
    }

    public static TalosClient connect(String endpoint, TalosCredentials credentials, DialPolicy dialPolicy) {
        return builder(endpoint).credentials(credentials).dialPolicy(dialPolicy).build();
    }

    /**
     * Like {@code talosctl apply-config --insecure}: no client certificate and no server verification, for
     * nodes in maintenance mode. Only {@link #applyConfiguration} is useful; a node in maintenance answers most
     * other calls with Unimplemented.
     */
    public static TalosClient insecure(String endpoint, DialPolicy dialPolicy) {
        return builder(endpoint).insecure().dialPolicy(dialPolicy).build();
    }

    public TalosEndpoint endpoint() {
        return endpoint;
    }

    public Version version() {
        return first("Version", s -> s.version(Empty.getDefaultInstance()).getMessagesList(), Version::getMetadata);
    }

    public ServiceList serviceList() {
        return first("ServiceList", s -> s.serviceList(Empty.getDefaultInstance()).getMessagesList(),
                ServiceList::getMetadata);
    }

    public ServiceRestart serviceRestart(String id) {
        ServiceRestartRequest request = ServiceRestartRequest.newBuilder().setId(id).build();
        return first("ServiceRestart", s -> s.serviceRestart(request).getMessagesList(), ServiceRestart::getMetadata);
    }

    public ServiceStart serviceStart(String id) {
        ServiceStartRequest request = ServiceStartRequest.newBuilder().setId(id).build();
        return first("ServiceStart", s -> s.serviceStart(request).getMessagesList(), ServiceStart::getMetadata);
    }

    public ServiceStop serviceStop(String id) {
        ServiceStopRequest request = ServiceStopRequest.newBuilder().setId(id).build();
        return first("ServiceStop", s -> s.serviceStop(request).getMessagesList(), ServiceStop::getMetadata);
    }

    /** @param tryTimeout only used by mode TRY; null leaves the node's default (1m) */
    public ApplyConfiguration applyConfiguration(byte[] config, ApplyConfigurationRequest.Mode mode, boolean dryRun,
            Duration tryTimeout) {
        ApplyConfigurationRequest.Builder request = ApplyConfigurationRequest.newBuilder()
                .setData(ByteString.copyFrom(config))
                .setMode(mode)
                .setDryRun(dryRun);
        if (tryTimeout != null) {
            request.setTryModeTimeout(com.google.protobuf.Duration.newBuilder()
                    .setSeconds(tryTimeout.getSeconds()).setNanos(tryTimeout.getNano()));
        }
        return first("ApplyConfiguration", s -> s.applyConfiguration(request.build()).getMessagesList(),
                ApplyConfiguration::getMetadata);
    }

    /** Starts an asynchronous reboot; the reply carries the actor ID its events will carry. */
    public Reboot reboot(RebootRequest.Mode mode) {
        RebootRequest request = RebootRequest.newBuilder().setMode(mode).build();
        return first("Reboot", s -> s.reboot(request).getMessagesList(), Reboot::getMetadata);
    }

    public Upgrade upgrade(String image, boolean stage, boolean force) {
        UpgradeRequest request = UpgradeRequest.newBuilder().setImage(image).setStage(stage).setForce(force)
                .setPreserve(true).build();
        return first("Upgrade", s -> s.upgrade(request).getMessagesList(), Upgrade::getMetadata);
    }

    /** time.TimeService/Time: the node's clock against its first configured time server. */
    public Time time() {
        List<Time> messages = call("Time", () -> deadline(timeStub).time(Empty.getDefaultInstance())
                .getMessagesList());
        return firstOf("Time", messages, Time::getMetadata);
    }

    /** time.TimeService/TimeCheck against the given server. */
    public Time timeCheck(String server) {
        List<Time> messages = call("TimeCheck", () -> deadline(timeStub)
                .timeCheck(TimeRequest.newBuilder().setServer(server).build()).getMessagesList());
        return firstOf("TimeCheck", messages, Time::getMetadata);
    }

    /** Reads a whole file (admin only), e.g. {@code /proc/sys/kernel/random/boot_id}. */
    public byte[] read(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        read(path, bytes -> out.writeBytes(bytes.toByteArray()));
        return out.toByteArray();
    }

    public void read(String path, Consumer<ByteString> sink) {
        ReadRequest request = ReadRequest.newBuilder().setPath(path).build();
        drain("Read", () -> deadline(stub).read(request), sink);
    }

    /**
     * A service's log ({@code namespace=system}, containerd driver), as talosctl logs: {@code tailLines < 0} is the
     * whole log, {@code >= 0} the last N lines. Without follow the call returns when the node has sent everything;
     * with follow it blocks until the node ends the stream or the calling thread's gRPC context is cancelled.
     */
    public void logs(String serviceId, boolean follow, int tailLines, Consumer<ByteString> sink) {
        LogsRequest request = LogsRequest.newBuilder().setNamespace(SYSTEM_NAMESPACE).setId(serviceId)
                .setFollow(follow).setTailLines(tailLines).build();
        drain("Logs", () -> (follow ? stub : deadline(stub)).logs(request), sink);
    }

    public String logs(String serviceId, int tailLines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        logs(serviceId, false, tailLines, bytes -> out.writeBytes(bytes.toByteArray()));
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Subscribes to the node's event stream; the first event is the node's empty "hello" event. */
    public TalosEventStream events(int tailEvents, String withActorId) {
        EventsRequest.Builder request = EventsRequest.newBuilder().setTailEvents(tailEvents);
        if (withActorId != null) {
            request.setWithActorId(withActorId);
        }
        return TalosEventStream.open(endpoint.authority(), asyncStub, request.build());
    }

    /** cosi.resource.State/Get with {@code node} metadata. */
    public Resource resourceGet(String namespace, String type, String id) {
        requireSingleNode();
        GetRequest request = GetRequest.newBuilder().setNamespace(namespace).setType(type).setId(id).build();
        return call("cosi Get", () -> deadline(cosiStub).get(request)).getResource();
    }

    /** cosi.resource.State/List with {@code node} metadata. */
    public List<Resource> resourceList(String namespace, String type) {
        requireSingleNode();
        ListRequest request = ListRequest.newBuilder().setNamespace(namespace).setType(type).build();
        return call("cosi List", () -> {
            List<Resource> resources = new ArrayList<>();
            Iterator<ListResponse> responses = deadline(cosiStub).list(request);
            responses.forEachRemaining(response -> resources.add(response.getResource()));
            return resources;
        });
    }

    public List<Resource> resourceDefinitions() {
        return resourceList(TalosResources.META_NAMESPACE, TalosResources.RESOURCE_DEFINITIONS);
    }

    public List<Resource> extensionStatuses() {
        return resourceList(TalosResources.RUNTIME_NAMESPACE, TalosResources.EXTENSION_STATUSES);
    }

    public List<Resource> addressStatuses() {
        return resourceList(TalosResources.NETWORK_NAMESPACE, TalosResources.ADDRESS_STATUSES);
    }

    /** The active machine configuration (id {@code v1alpha1}); admin only, as the type is sensitive. */
    public Resource machineConfig() {
        return resourceGet(TalosResources.CONFIG_NAMESPACE, TalosResources.MACHINE_CONFIGS, "v1alpha1");
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TalosClient[" + endpoint + (maintenance ? ", insecure" : "") + "]";
    }

    private <M> M first(String method, Function<MachineServiceGrpc.MachineServiceBlockingStub, List<M>> call,
            Function<M, Metadata> metadata) {
        List<M> messages = call(method, () -> call.apply(deadline(stub)));
        return firstOf(method, messages, metadata);
    }

    private <M> M firstOf(String method, List<M> messages, Function<M, Metadata> metadata) {
        for (M message : messages) {
            throwIfNodeError(metadata.apply(message));
        }
        if (messages.isEmpty()) {
            throw new TalosCallException(endpoint.authority(), method,
                    Status.INTERNAL.withDescription("reply has no messages"));
        }
        return messages.get(0);
    }

    private void drain(String method, Supplier<Iterator<Data>> open, Consumer<ByteString> sink) {
        call(method, () -> {
            Iterator<Data> chunks = open.get();
            while (chunks.hasNext()) {
                Data chunk = chunks.next();
                throwIfNodeError(chunk.getMetadata());
                sink.accept(chunk.getBytes());
            }
            return null;
        });
    }

    static void throwIfNodeError(Metadata meta) {
        if (!meta.getError().isEmpty()) {
            Status.Code code = meta.hasStatus() ? Status.fromCodeValue(meta.getStatus().getCode()).getCode() : null;
            throw new TalosNodeException(meta.getHostname(), meta.getError(), code);
        }
    }

    private <T> T call(String method, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.CANCELLED && Context.current().isCancelled()) {
                return null;
            }
            throw new TalosCallException(endpoint.authority(), method, e.getStatus());
        }
    }

    private <S extends AbstractStub<S>> S deadline(S base) {
        return callTimeout == null ? base : base.withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void requireSingleNode() {
        if (node == null && nodes.size() > 1) {
            throw new IllegalStateException("COSI calls go to one node at a time (apid refuses one-to-many "
                    + "proxying for them); this client targets " + nodes);
        }
    }

    public static final class Builder {

        private final TalosEndpoint endpoint;
        private TalosCredentials credentials;
        private DialPolicy dialPolicy = DialPolicy.loopbackOnly();
        private List<String> nodes = List.of();
        private String node;
        private Duration callTimeout;
        private String tlsServerName;
        private boolean insecure;

        private Builder(TalosEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        public Builder credentials(TalosCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Defaults to {@link DialPolicy#loopbackOnly()}. */
        public Builder dialPolicy(DialPolicy dialPolicy) {
            this.dialPolicy = Objects.requireNonNull(dialPolicy, "dialPolicy");
            return this;
        }

        /** Sends {@code nodes} metadata like {@code talosctl -n}; replies then carry metadata.hostname. */
        public Builder nodes(List<String> nodes) {
            this.nodes = List.copyOf(nodes);
            return this;
        }

        /** Sends {@code node} metadata (one-to-one proxying, no hostname in replies), as talosctl does for COSI. */
        public Builder node(String node) {
            this.node = node;
            return this;
        }

        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /** Verify the server certificate against this name instead of the dialed host. */
        public Builder tlsServerName(String tlsServerName) {
            this.tlsServerName = tlsServerName;
            return this;
        }

        /** Maintenance mode; see {@link TalosClient#insecure}. */
        public Builder insecure() {
            this.insecure = true;
            return this;
        }

        public TalosClient build() {
            if (insecure == (credentials != null)) {
                throw new IllegalStateException("a Talos client needs either credentials or insecure(), not both");
            }
            if (node != null && !nodes.isEmpty()) {
                throw new IllegalStateException("set either nodes or node metadata, not both");
            }
            return new TalosClient(this);
        }
    }
}
