package dev.tailtalos.deployer.adapters;

import dev.tailtalos.deployer.domain.ApplyMode;
import dev.tailtalos.deployer.domain.NodeCalls;
import dev.tailtalos.deployer.domain.NodeCalls.ApplyReply;
import dev.tailtalos.deployer.domain.NodeConfigReader;
import dev.tailtalos.deployer.domain.NodeEndpoint;
import dev.tailtalos.deployer.domain.NodeSystemCalls;
import dev.tailtalos.deployer.domain.OsImage;
import dev.tailtalos.deployer.domain.OsState;
import dev.tailtalos.deployer.domain.StepPurpose;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
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
 * Carries out one step on one node, idempotently: when the installer image changed, upgrade the OS first (Upgrade,
 * then wait for the reboot and the new version and schematic); read back what the node runs (already there: done,
 * nothing applied); dry run to learn whether the change needs a reboot; apply. Transient failures are retried with
 * exponential backoff and jitter; an apply whose reply is lost (timeout, dropped connection) is resolved by reading
 * the node's config back, never by applying blindly again. The endpoint is chosen again for every call.
 */
public class NodeStepRunner {
    static final List<String> UPGRADE_STAGES = List.of("OS check", "upgrade", "upgrade wait");
    private final NodeCalls calls;
    private final NodeSystemCalls system;
    private final NodeConfigReader reader;
    private final NodeEndpointDirectory endpoints;
    private final RetryConfig retryConfig;
    private final Duration upgradePollInterval;

    /**
     * @param circuitOpenFor how long an endpoint's circuit stays open: a retry refused by an open circuit waits at
     *                       least this long, so the next attempt is the half-open probe rather than another refusal
     */
    public NodeStepRunner(NodeCalls calls, NodeSystemCalls system, NodeConfigReader reader,
                          NodeEndpointDirectory endpoints, int maxAttempts, Duration initialBackoff,
                          Duration circuitOpenFor, Duration upgradePollInterval) {
        this.calls = calls;
        this.system = system;
        this.reader = reader;
        this.endpoints = endpoints;
        this.upgradePollInterval = upgradePollInterval;
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(initialBackoff.toMillis(), 2.0, 0.5,
                10_000);
        long circuitWait = circuitOpenFor.toMillis();
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalBiFunction((attempt, outcome) -> {
                    long next = backoff.apply(attempt);
                    return outcome.isLeft() && outcome.getLeft() instanceof CallNotPermittedException
                            ? Math.max(next, circuitWait) : next;
                })
                .retryOnException(GrpcFailures::isTransient)
                .failAfterMaxAttempts(false)
                .build();
    }

    /**
     * What to do: the node, its addresses, the config and its digest, the mode; for an apply, the OS the node should
     * run (null: no installer image given) and how long its upgrade may take.
     */
    public record NodeTask(String rolloutId, String nodeId, StepPurpose purpose, List<String> lanAddresses,
                           List<String> tailnetAddresses, byte[] config, String configDigest, ApplyMode mode,
                           Duration tryTimeout, OsImage os, Duration upgradeTimeout) {
    }

    /** Hears what a step is doing while it runs (called on the worker thread). */
    public interface StepListener {
        StepListener NONE = new StepListener() {
        };

        /** The node is being upgraded; {@code phase} says what the step waits for. */
        default void upgrading(String image, String phase) {
        }

        /** The node accepted the Upgrade request. */
        default void upgradeRequested(String image, OsState from) {
        }
    }

    /** An upgrade that preceded the apply: from what, to which image, how long, and whether a reboot was seen. */
    public record Upgraded(OsState from, OsState to, String image, long millis, boolean rebootSeen) {
    }

    /** @param readBackSource how the node's config was read back (for a skip or a lost reply) */
    public record StepOutcome(NodeEndpoint endpoint, String mode, String details, int attempts, boolean skipped,
                              boolean rebootExpected, boolean lostReplyResolved, long callMillis,
                              String readBackSource, Upgraded upgraded) {
    }

    public StepOutcome run(NodeTask task) {
        return run(task, StepListener.NONE);
    }

    public StepOutcome run(NodeTask task, StepListener listener) {
        AtomicLong callNanos = new AtomicLong();
        AtomicInteger applyAttempts = new AtomicInteger();
        AtomicReference<NodeEndpoint> lastEndpoint = new AtomicReference<>();
        Upgraded upgraded = task.purpose() == StepPurpose.APPLY && task.os() != null
                ? upgradeIfNeeded(task, listener, lastEndpoint, callNanos) : null;
        NodeConfigReader.ReadBack readBack = null;
        if (task.purpose() != StepPurpose.CONFIRM) {
            // A confirm re-applies the config the node already runs (tried); everything else may be there already.
            readBack = retried("read back", task, lastEndpoint, callNanos, null,
                    ep -> reader.readBack(task.nodeId(), ep, task.config(), task.configDigest()));
            if (readBack.match() == NodeConfigReader.Match.SAME) {
                return skipped(task, lastEndpoint, callNanos, readBack.source(), upgraded);
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
        if (task.purpose() != StepPurpose.CONFIRM && DryRunConfigReader.unchanged(dry)) {
            // The bytes differ (e.g. the node re-encoded them) but the config is the same.
            return skipped(task, lastEndpoint, callNanos, DryRunConfigReader.SOURCE, upgraded);
        }
        AtomicBoolean lostReply = new AtomicBoolean();
        AtomicBoolean outcomeUnknown = new AtomicBoolean();
        AtomicReference<String> resolvedBy = new AtomicReference<>();
        ApplyReply reply = retried("apply", task, lastEndpoint, callNanos, applyAttempts, ep -> {
            // After a failure the request may have reached the node: ask it before sending the config again.
            if (outcomeUnknown.get() && task.purpose() != StepPurpose.CONFIRM && mode != ApplyMode.STAGED) {
                NodeConfigReader.ReadBack again = reader.readBack(task.nodeId(), ep, task.config(),
                        task.configDigest());
                if (again.match() == NodeConfigReader.Match.SAME) {
                    lostReply.set(true);
                    resolvedBy.set(again.source());
                    return new ApplyReply(dry.mode(), "reply lost; read back (" + again.source()
                            + "): node runs config " + shortDigest(task.configDigest()));
                }
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
                dry.reboot(), lostReply.get(), millis(callNanos), resolvedBy.get(), upgraded);
    }

    private StepOutcome skipped(NodeTask task, AtomicReference<NodeEndpoint> lastEndpoint, AtomicLong callNanos,
                                String source, Upgraded upgraded) {
        return new StepOutcome(lastEndpoint.get(), "NONE", "node already runs config "
                + shortDigest(task.configDigest()) + " (read back: " + source + ")", 0, true, false, false,
                millis(callNanos), source, upgraded);
    }

    // ---- OS upgrade ------------------------------------------------------------------------------------------------

    private Upgraded upgradeIfNeeded(NodeTask task, StepListener listener, AtomicReference<NodeEndpoint> lastEndpoint,
                                     AtomicLong callNanos) {
        OsImage target = task.os();
        OsState before = retried("OS check", task, lastEndpoint, callNanos, null,
                ep -> system.os(task.nodeId(), ep));
        if (target.satisfiedBy(before)) {
            return null;
        }
        long start = System.nanoTime();
        long deadline = start + task.upgradeTimeout().toNanos();
        listener.upgrading(target.image(), "requesting the upgrade (" + target.difference(before) + ")");
        AtomicBoolean outcomeUnknown = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        retried("upgrade", task, lastEndpoint, callNanos, null, ep -> {
            if (outcomeUnknown.get()) {
                // The request may have reached the node: a node that is down or already upgraded needs no second one.
                try {
                    if (target.satisfiedBy(system.osWhileRebooting(task.nodeId(), ep))) {
                        done.set(true);
                        return null;
                    }
                } catch (RuntimeException e) {
                    if (GrpcFailures.isTransient(e)) {
                        return null;
                    }
                    throw e;
                }
            }
            try {
                system.upgrade(task.nodeId(), ep, target.image());
                return null;
            } catch (RuntimeException e) {
                if (GrpcFailures.isTransient(e)) {
                    outcomeUnknown.set(true);
                }
                throw e;
            }
        });
        listener.upgradeRequested(target.image(), before);
        boolean rebootSeen = false;
        OsState last = before;
        while (!done.get()) {
            listener.upgrading(target.image(), rebootSeen ? "rebooting" : "waiting for the reboot");
            sleep(upgradePollInterval);
            NodeEndpoint ep = endpoints.choose(task.nodeId(), task.lanAddresses(), task.tailnetAddresses(), false);
            lastEndpoint.set(ep);
            long t0 = System.nanoTime();
            try {
                OsState now = system.osWhileRebooting(task.nodeId(), ep);
                if (target.satisfiedBy(now)) {
                    return new Upgraded(before, now, target.image(), (System.nanoTime() - start) / 1_000_000,
                            rebootSeen);
                }
                last = now;
                if (rebootSeen) {
                    listener.upgrading(target.image(), "back, running " + now.describe());
                }
            } catch (RuntimeException e) {
                if (!GrpcFailures.isTransient(e)) {
                    throw new StepFailedException("upgrade wait", "upgrade wait refused: " + e.getMessage(), true, 1,
                            e);
                }
                rebootSeen = true;
            } finally {
                callNanos.addAndGet(System.nanoTime() - t0);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StepFailedException("upgrade wait", "not upgraded to " + target.image() + " within "
                        + task.upgradeTimeout().toSeconds() + " s: node " + (rebootSeen
                        ? "rebooted and runs " + last.describe() : "never went down and runs " + last.describe())
                        + ", expected " + target.talosVersion() + (target.schematicId() == null ? ""
                        : ", schematic " + shortDigest(target.schematicId())), true, 1, null);
            }
        }
        OsState after = retried("OS check", task, lastEndpoint, callNanos, null, ep -> system.os(task.nodeId(), ep));
        return new Upgraded(before, after, target.image(), (System.nanoTime() - start) / 1_000_000, true);
    }

    // ---- retries ---------------------------------------------------------------------------------------------------

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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException("upgrade wait", "interrupted while waiting for the upgrade", false, 1, e);
        }
    }

    private static long millis(AtomicLong nanos) {
        return nanos.get() / 1_000_000;
    }

    static String shortDigest(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) : digest;
    }
}
