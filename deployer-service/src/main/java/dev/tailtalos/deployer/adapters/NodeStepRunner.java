package dev.tailtalos.deployer.adapters;

import dev.tailtalos.deployer.domain.ApplyMode;
import dev.tailtalos.deployer.domain.NodeCalls;
import dev.tailtalos.deployer.domain.NodeCalls.ApplyReply;
import dev.tailtalos.deployer.domain.NodeConfigReader;
import dev.tailtalos.deployer.domain.NodeEndpoint;
import dev.tailtalos.deployer.domain.StepPurpose;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Carries out one step on one node, idempotently: read back what the node runs (already there: done, nothing
 * applied); dry run to learn whether the change needs a reboot; apply. Transient failures are retried with
 * exponential backoff and jitter; an apply whose reply is lost (timeout, dropped connection) is resolved by reading
 * the node's config back, never by applying blindly again. The endpoint is chosen again for every call.
 */
public class NodeStepRunner {
    private final NodeCalls calls;
    private final NodeConfigReader reader;
    private final NodeEndpointDirectory endpoints;
    private final RetryConfig retryConfig;

    public NodeStepRunner(NodeCalls calls, NodeConfigReader reader, NodeEndpointDirectory endpoints, int maxAttempts,
                          Duration initialBackoff) {
        this.calls = calls;
        this.reader = reader;
        this.endpoints = endpoints;
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(initialBackoff.toMillis(), 2.0, 0.5,
                        10_000))
                .retryOnException(GrpcFailures::isTransient)
                .failAfterMaxAttempts(false)
                .build();
    }

    /** What to do: the node, its addresses, the config and its digest, the mode. */
    public record NodeTask(String rolloutId, String nodeId, StepPurpose purpose, List<String> lanAddresses,
                           List<String> tailnetAddresses, byte[] config, String configDigest, ApplyMode mode,
                           Duration tryTimeout) {
    }

    public record StepOutcome(NodeEndpoint endpoint, String mode, String details, int attempts, boolean skipped,
                              boolean rebootExpected, boolean lostReplyResolved, long callMillis) {
    }

    public StepOutcome run(NodeTask task) {
        AtomicLong callNanos = new AtomicLong();
        AtomicInteger applyAttempts = new AtomicInteger();
        AtomicReference<NodeEndpoint> lastEndpoint = new AtomicReference<>();
        NodeConfigReader.ReadBack readBack = null;
        if (task.purpose() != StepPurpose.CONFIRM) {
            // A confirm re-applies the config the node already runs (tried); everything else may be there already.
            readBack = retried("read back", task, lastEndpoint, callNanos, null,
                    ep -> reader.readBack(task.nodeId(), ep, task.config(), task.configDigest()));
            if (readBack.match() == NodeConfigReader.Match.SAME) {
                return new StepOutcome(lastEndpoint.get(), "NONE", "node already runs config "
                        + shortDigest(task.configDigest()) + " (read back)", 0, true, false, false,
                        millis(callNanos));
            }
        }
        ApplyMode mode = switch (task.purpose()) {
            case APPLY -> task.mode();
            case CONFIRM -> ApplyMode.NO_REBOOT;
            case ROLLBACK -> ApplyMode.AUTO;
        };
        ApplyReply dry = readBack != null && readBack.autoDryRun() != null && mode == ApplyMode.AUTO
                ? readBack.autoDryRun()
                : retried("dry run", task, lastEndpoint, callNanos, null,
                        ep -> calls.apply(task.nodeId(), ep, task.config(), mode, true, task.tryTimeout()));
        AtomicBoolean lostReply = new AtomicBoolean();
        AtomicBoolean outcomeUnknown = new AtomicBoolean();
        ApplyReply reply = retried("apply", task, lastEndpoint, callNanos, applyAttempts, ep -> {
            // After a failure the request may have reached the node: ask it before sending the config again.
            if (outcomeUnknown.get() && task.purpose() != StepPurpose.CONFIRM && mode != ApplyMode.STAGED
                    && reader.runs(task.nodeId(), ep, task.config(), task.configDigest())
                    == NodeConfigReader.Match.SAME) {
                lostReply.set(true);
                return new ApplyReply(dry.mode(), "reply lost; read back: node runs config "
                        + shortDigest(task.configDigest()));
            }
            try {
                return calls.apply(task.nodeId(), ep, task.config(), mode, false, task.tryTimeout());
            } catch (RuntimeException e) {
                if (GrpcFailures.isTransient(e)) {
                    outcomeUnknown.set(true);
                }
                throw e;
            }
        });
        return new StepOutcome(lastEndpoint.get(), reply.mode(), reply.details(), applyAttempts.get(), false,
                dry.reboot(), lostReply.get(), millis(callNanos));
    }

    private interface Call<T> {
        T call(NodeEndpoint endpoint);
    }

    private <T> T retried(String stage, NodeTask task, AtomicReference<NodeEndpoint> lastEndpoint,
                          AtomicLong callNanos, AtomicInteger attemptsOut, Call<T> call) {
        AtomicInteger attempts = attemptsOut == null ? new AtomicInteger() : attemptsOut;
        Retry retry = Retry.of(stage + "-" + task.nodeId(), retryConfig);
        Supplier<T> attempt = () -> {
            attempts.incrementAndGet();
            NodeEndpoint ep = endpoints.choose(task.nodeId(), task.lanAddresses(), task.tailnetAddresses(), true);
            lastEndpoint.set(ep);
            long t0 = System.nanoTime();
            try {
                return call.call(ep);
            } finally {
                callNanos.addAndGet(System.nanoTime() - t0);
            }
        };
        try {
            return Retry.decorateSupplier(retry, attempt).get();
        } catch (RuntimeException e) {
            boolean permanent = !GrpcFailures.isTransient(e);
            throw new StepFailedException(stage, (permanent ? stage + " refused: " : stage + " still failing after "
                    + attempts.get() + " attempts: ") + e.getMessage(), permanent, attempts.get(), e);
        }
    }

    private static long millis(AtomicLong nanos) {
        return nanos.get() / 1_000_000;
    }

    static String shortDigest(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) : digest;
    }
}
