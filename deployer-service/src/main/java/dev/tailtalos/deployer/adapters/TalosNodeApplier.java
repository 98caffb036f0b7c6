package dev.tailtalos.deployer.adapters;

import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.NodeEndpoints;
import dev.tailtalos.common.talos.TalosCallException;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.common.talos.TalosNodeException;
import dev.tailtalos.deployer.domain.ApplyFailedException;
import dev.tailtalos.deployer.domain.ApplyOutcome;
import dev.tailtalos.deployer.domain.NodeApplier;
import dev.tailtalos.proto.talos.machine.ApplyConfiguration;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies configs over the Talos API with mTLS: one pooled channel per endpoint, retries with exponential backoff and
 * jitter for transient gRPC failures, none for permanent ones; a node already running the same config is skipped.
 */
public class TalosNodeApplier implements NodeApplier, AutoCloseable {
    private final NodeEndpoints endpoints;
    private final TalosCredentials credentials;
    private final DialPolicy dialPolicy;
    private final RetryConfig retryConfig;
    private final Map<String, TalosClient> clients = new ConcurrentHashMap<>();
    private final Map<String, String> appliedDigests = new ConcurrentHashMap<>();

    public TalosNodeApplier(NodeEndpoints endpoints, TalosCredentials credentials, DialPolicy dialPolicy, int maxAttempts,
                            long initialBackoffMs) {
        this.endpoints = endpoints;
        this.credentials = credentials;
        this.dialPolicy = dialPolicy;
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(initialBackoffMs, 2.0, 0.5))
                .retryOnException(TalosNodeApplier::isTransient)
                .build();
    }

    @Override
    public ApplyOutcome apply(String nodeId, List<String> addresses, String configDigest, byte[] config) {
        String endpoint = endpoints.endpoint(nodeId, addresses);
        if (configDigest.equals(appliedDigests.get(nodeId))) {
            return new ApplyOutcome(endpoint, "NONE", "node already runs config " + configDigest.substring(0, 12), 0, true);
        }
        AtomicInteger attempts = new AtomicInteger();
        Retry retry = Retry.of("apply-" + nodeId, retryConfig);
        try {
            ApplyConfiguration reply = retry.executeSupplier(() -> {
                attempts.incrementAndGet();
                return client(endpoint).applyConfiguration(config, ApplyConfigurationRequest.Mode.AUTO, false, null);
            });
            appliedDigests.put(nodeId, configDigest);
            return new ApplyOutcome(endpoint, reply.getMode().name(), reply.getModeDetails(), attempts.get(), false);
        } catch (RuntimeException e) {
            boolean permanent = !isTransient(e);
            throw new ApplyFailedException((permanent ? "node refused the config: " : "node unreachable after "
                    + attempts.get() + " attempts: ") + e.getMessage(), permanent, attempts.get(), e);
        }
    }

    static boolean isTransient(Throwable e) {
        if (e instanceof TalosCallException call) {
            return call.isTransient() && !call.tlsFailure();
        }
        if (e instanceof TalosNodeException node) {
            return node.isTransient();
        }
        return false;
    }

    private TalosClient client(String endpoint) {
        return clients.computeIfAbsent(endpoint, ep -> TalosClient.connect(ep, credentials, dialPolicy));
    }

    @Override
    public void close() {
        clients.values().forEach(TalosClient::close);
    }
}
