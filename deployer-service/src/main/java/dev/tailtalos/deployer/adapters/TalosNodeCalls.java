package dev.tailtalos.deployer.adapters;

import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.deployer.domain.ApplyMode;
import dev.tailtalos.deployer.domain.NodeCalls;
import dev.tailtalos.deployer.domain.NodeEndpoint;
import dev.tailtalos.deployer.domain.NodeSystemCalls;
import dev.tailtalos.deployer.domain.OsImage;
import dev.tailtalos.deployer.domain.OsState;
import dev.tailtalos.proto.cosi.Resource;
import dev.tailtalos.proto.talos.resource.config.MachineConfigSpec;
import dev.tailtalos.proto.talos.resource.definitions.extensions.Layer;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tailtalos.common.talos.TalosCallException;
import io.grpc.Status;
import dev.tailtalos.proto.talos.machine.ApplyConfiguration;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ApplyConfiguration, Version, ExtensionStatuses, Upgrade and the MachineConfig resource over mTLS: one pooled channel per endpoint, a circuit breaker per endpoint (a node, or one of its
 * paths, that keeps failing is left alone for a while), and one bulkhead bounding concurrent calls to all nodes. No
 * retries here: the step runner decides what may be retried (never a blind re-apply).
 */
public class TalosNodeCalls implements NodeCalls, NodeSystemCalls, CosiConfigReader.MachineConfigSource,
        AutoCloseable {
    private final TalosCredentials credentials;
    private final DialPolicy dialPolicy;
    private final Duration callTimeout;
    private final Map<String, TalosClient> clients = new ConcurrentHashMap<>();
    private final CircuitBreakerRegistry breakers;
    private final Bulkhead bulkhead;

    public TalosNodeCalls(TalosCredentials credentials, DialPolicy dialPolicy, Duration callTimeout,
                          int maxConcurrentCalls, Duration circuitOpenFor) {
        this.credentials = credentials;
        this.dialPolicy = dialPolicy;
        this.callTimeout = callTimeout;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(75)
                .waitDurationInOpenState(circuitOpenFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(GrpcFailures::isPathFailure)
                .build());
        this.bulkhead = Bulkhead.of("talos-calls", BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrentCalls)
                .maxWaitDuration(Duration.ofSeconds(30))
                .build());
    }

    @Override
    public ApplyReply apply(String nodeId, NodeEndpoint endpoint, byte[] config, ApplyMode mode, boolean dryRun,
                            Duration tryTimeout) {
        ApplyConfiguration reply = guarded(endpoint, () -> client(endpoint.address()).applyConfiguration(config,
                wireMode(mode), dryRun, mode == ApplyMode.TRY ? tryTimeout : null));
        return new ApplyReply(reply.getMode().name(), reply.getModeDetails());
    }

    @Override
    public OsState os(String nodeId, NodeEndpoint endpoint) {
        return guarded(endpoint, () -> readOs(endpoint));
    }

    @Override
    public OsState osWhileRebooting(String nodeId, NodeEndpoint endpoint) {
        return Bulkhead.decorateSupplier(bulkhead, () -> readOs(endpoint)).get();
    }

    private OsState readOs(NodeEndpoint endpoint) {
        TalosClient client = client(endpoint.address());
        String version = client.version().getVersion().getTag();
        String schematic = OsImage.EMPTY_SCHEMATIC;
        for (Resource r : client.extensionStatuses()) {
            Layer layer = parse(r, Layer.parser());
            if (layer.getMetadata().getName().equals("schematic")) {
                schematic = layer.getMetadata().getVersion();
            }
        }
        return new OsState(version, schematic);
    }

    @Override
    public void upgrade(String nodeId, NodeEndpoint endpoint, String image) {
        guarded(endpoint, () -> client(endpoint.address()).upgrade(image, false, false));
    }

    /**
     * The node's active machine configuration as the MachineConfig resource holds it (COSI, os:admin only); empty
     * when the node has none.
     */
    @Override
    public Optional<byte[]> machineConfig(String nodeId, NodeEndpoint endpoint) {
        return guarded(endpoint, () -> {
            try {
                Resource r = client(endpoint.address()).machineConfig();
                return Optional.of(parse(r, MachineConfigSpec.parser()).getYamlMarshalled().toByteArray());
            } catch (TalosCallException e) {
                if (e.code() == Status.Code.NOT_FOUND) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private <T> T guarded(NodeEndpoint endpoint, Supplier<T> call) {
        CircuitBreaker breaker = breakers.circuitBreaker(endpoint.address());
        return Bulkhead.decorateSupplier(bulkhead, CircuitBreaker.decorateSupplier(breaker, call)).get();
    }

    private static <M> M parse(Resource r, com.google.protobuf.Parser<M> parser) {
        try {
            return parser.parseFrom(r.getSpec().getProtoSpec());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable " + r.getMetadata().getType() + " resource: "
                    + e.getMessage(), e);
        }
    }

    /** The endpoint's circuit is open: calls to it are refused for now. */
    public boolean circuitOpen(String address) {
        return breakers.find(address).map(b -> b.getState() == CircuitBreaker.State.OPEN
                || b.getState() == CircuitBreaker.State.FORCED_OPEN).orElse(false);
    }

    static ApplyConfigurationRequest.Mode wireMode(ApplyMode mode) {
        return switch (mode) {
            case AUTO -> ApplyConfigurationRequest.Mode.AUTO;
            case NO_REBOOT -> ApplyConfigurationRequest.Mode.NO_REBOOT;
            case STAGED -> ApplyConfigurationRequest.Mode.STAGED;
            case TRY -> ApplyConfigurationRequest.Mode.TRY;
        };
    }

    TalosClient client(String endpoint) {
        return clients.computeIfAbsent(endpoint, ep -> TalosClient.builder(ep).credentials(credentials)
                .dialPolicy(dialPolicy).callTimeout(callTimeout).build());
    }

    @Override
    public void close() {
        clients.values().forEach(TalosClient::close);
    }
}
