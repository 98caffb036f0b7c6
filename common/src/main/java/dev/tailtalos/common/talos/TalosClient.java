package dev.tailtalos.common.talos;

import com.google.protobuf.Empty;
import dev.tailtalos.proto.talos.common.Metadata;
import dev.tailtalos.proto.talos.machine.ApplyConfiguration;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import dev.tailtalos.proto.talos.machine.MachineServiceGrpc;
import dev.tailtalos.proto.talos.machine.ServiceList;
import dev.tailtalos.proto.talos.machine.Version;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * gRPC client for one Talos API endpoint over mutual TLS. The server certificate must chain to the
 * context's CA and name the dialed host (or {@link Builder#tlsServerName}) in its SANs.
 */
public final class TalosClient implements AutoCloseable {

    public static final int MAX_INBOUND_MESSAGE_BYTES = 32 * 1024 * 1024;

    private static final io.grpc.Metadata.Key<String> NODES =
            io.grpc.Metadata.Key.of("nodes", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

    private final TalosEndpoint endpoint;
    private final ManagedChannel channel;
    private final MachineServiceGrpc.MachineServiceBlockingStub stub;
    private final Duration callTimeout;
    private final boolean maintenance;

    private TalosClient(Builder builder) {
        this.endpoint = builder.endpoint;
        this.callTimeout = builder.callTimeout;
        this.maintenance = builder.credentials == null;
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
        MachineServiceGrpc.MachineServiceBlockingStub base = MachineServiceGrpc.newBlockingStub(channel);
        if (!builder.nodes.isEmpty()) {
            io.grpc.Metadata headers = new io.grpc.Metadata();
            builder.nodes.forEach(node -> headers.put(NODES, node));
            base = base.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        this.stub = base;
    }

    public static Builder builder(String endpoint) {
        return new Builder(TalosEndpoint.parse(endpoint));
    }

    public static TalosClient connect(String endpoint, TalosCredentials credentials, DialPolicy dialPolicy) {
        return builder(endpoint).credentials(credentials).dialPolicy(dialPolicy).build();
    }

    /**
     * Like {@code talosctl apply-config --insecure}: no client certificate and no server verification, for
     * nodes in maintenance mode. Only {@link #applyConfiguration} may be called.
     */
    public static TalosClient insecure(String endpoint, DialPolicy dialPolicy) {
        return builder(endpoint).insecure().dialPolicy(dialPolicy).build();
    }

    public TalosEndpoint endpoint() {
        return endpoint;
    }

    public Version version() {
        requireCredentials("Version");
        return first("Version", stub -> stub.version(Empty.getDefaultInstance()).getMessagesList(),
                Version::getMetadata);
    }

    public ServiceList serviceList() {
        requireCredentials("ServiceList");
        return first("ServiceList", stub -> stub.serviceList(Empty.getDefaultInstance()).getMessagesList(),
                ServiceList::getMetadata);
    }

    /** @param tryTimeout only used by mode TRY; null leaves the node's default (1m) */
    public ApplyConfiguration applyConfiguration(byte[] config, ApplyConfigurationRequest.Mode mode, boolean dryRun,
            Duration tryTimeout) {
        ApplyConfigurationRequest.Builder request = ApplyConfigurationRequest.newBuilder()
                .setData(com.google.protobuf.ByteString.copyFrom(config))
                .setMode(mode)
                .setDryRun(dryRun);
        if (tryTimeout != null) {
            request.setTryModeTimeout(com.google.protobuf.Duration.newBuilder()
                    .setSeconds(tryTimeout.getSeconds()).setNanos(tryTimeout.getNano()));
        }
        return first("ApplyConfiguration", stub -> stub.applyConfiguration(request.build()).getMessagesList(),
                ApplyConfiguration::getMetadata);
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
        MachineServiceGrpc.MachineServiceBlockingStub callStub = callTimeout == null
                ? stub
                : stub.withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
        List<M> messages;
        try {
            messages = call.apply(callStub);
        } catch (StatusRuntimeException e) {
            throw new TalosCallException(endpoint.authority(), method, e.getStatus());
        }
        for (M message : messages) {
            Metadata meta = metadata.apply(message);
            if (!meta.getError().isEmpty()) {
                Status.Code code = meta.hasStatus() ? Status.fromCodeValue(meta.getStatus().getCode()).getCode() : null;
                throw new TalosNodeException(meta.getHostname(), meta.getError(), code);
            }
        }
        if (messages.isEmpty()) {
            throw new TalosCallException(endpoint.authority(), method,
                    Status.INTERNAL.withDescription("reply has no messages"));
        }
        return messages.get(0);
    }

    private void requireCredentials(String method) {
        if (maintenance) {
            throw new IllegalStateException(method + " needs client credentials; an insecure (maintenance) client "
                    + "can only apply configuration");
        }
    }

    public static final class Builder {

        private final TalosEndpoint endpoint;
        private TalosCredentials credentials;
        private DialPolicy dialPolicy = DialPolicy.loopbackOnly();
        private List<String> nodes = List.of();
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
            return new TalosClient(this);
        }
    }
}
