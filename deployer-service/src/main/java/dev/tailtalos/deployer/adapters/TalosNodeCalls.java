package dev.tailtalos.deployer.adapters;

import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.deployer.domain.ApplyMode;
import dev.tailtalos.deployer.domain.NodeCalls;
import dev.tailtalos.deployer.domain.NodeEndpoint;
import dev.tailtalos.proto.talos.machine.ApplyConfiguration;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ApplyConfiguration over mTLS: one pooled channel per endpoint, a circuit breaker per endpoint (a node, or one of its
 * paths, that keeps failing is left alone for a while), and one bulkhead bounding concurrent calls to all nodes. No
 * retries here: the step runner decides what may be retried (never a blind re-apply).
 */
public class TalosNodeCalls implements NodeCalls, AutoCloseable {
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
        CircuitBreaker breaker = breakers.circuitBreaker(endpoint.address());
        ApplyConfiguration reply = Bulkhead.decorateSupplier(bulkhead, CircuitBreaker.decorateSupplier(breaker,
                () -> client(endpoint.address()).applyConfiguration(config, wireMode(mode), dryRun,
                        mode == ApplyMode.TRY ? tryTimeout : null))).get();
        return new ApplyReply(reply.getMode().name(), reply.getModeDetails());
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
