package dev.tailtalos.deployer.it;

import dev.tailtalos.common.talos.TalosCallException;
import dev.tailtalos.deployer.domain.ApplyMode;
import dev.tailtalos.deployer.domain.NodeCalls;
import dev.tailtalos.deployer.domain.NodeEndpoint;
import io.grpc.Status;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side fault injection around the real Talos calls (the simulator has no fault injection yet): scripted faults
 * per node, a random transient failure rate (half of them after the node applied: lost replies), and outages in which
 * a node answers nothing (a crash or a slow reboot).
 */
final class FaultyNodeCalls implements NodeCalls {
    enum Fault {
        /** Unavailable before the request reaches the node. */
        UNAVAILABLE,
        /** The node applies, the reply is lost (deadline exceeded). */
        LOST_REPLY,
        /** The node applies, then crashes: the reply is lost and the node is down for the outage time. */
        CRASH_AFTER_APPLY,
        /** The node refuses: InvalidArgument. */
        INVALID
    }

    private final NodeCalls delegate;
    private final Map<String, Deque<Fault>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Long> downUntil = new ConcurrentHashMap<>();
    private final Map<String, Boolean> reportReboot = new ConcurrentHashMap<>();
    private volatile double transientRate;
    private volatile Duration outage = Duration.ofSeconds(1);
    private volatile long latencyMillis;
    private final Random random = new Random(42);

    FaultyNodeCalls(NodeCalls delegate) {
        this.delegate = delegate;
    }

    void script(String nodeId, Fault... faults) {
        scripted.computeIfAbsent(nodeId, n -> new ArrayDeque<>()).addAll(java.util.List.of(faults));
    }

    void transientRate(double rate) {
        this.transientRate = rate;
    }

    void outage(Duration outage) {
        this.outage = outage;
    }

    void latency(long millis) {
        this.latencyMillis = millis;
    }

    /** The node reports that the change needs a reboot and is down for the outage time after applying. */
    void rebootOnApply(String nodeId) {
        reportReboot.put(nodeId, true);
    }

    boolean up(String nodeId) {
        return System.nanoTime() >= downUntil.getOrDefault(nodeId, 0L);
    }

    /** Carries the fault settings over to a restarted deployer. */
    void copyFrom(FaultyNodeCalls other) {
        scripted.putAll(other.scripted);
        downUntil.putAll(other.downUntil);
        reportReboot.putAll(other.reportReboot);
        transientRate = other.transientRate;
        outage = other.outage;
        latencyMillis = other.latencyMillis;
    }

    void reset() {
        scripted.clear();
        downUntil.clear();
        reportReboot.clear();
        transientRate = 0;
        latencyMillis = 0;
        outage = Duration.ofSeconds(1);
    }

    @Override
    public ApplyReply apply(String nodeId, NodeEndpoint endpoint, byte[] config, ApplyMode mode, boolean dryRun,
                            Duration tryTimeout) {
        if (!up(nodeId)) {
            throw unavailable(endpoint, "connection refused (node is down)");
        }
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        if (roll < transientRate / 2 || dryRun && roll < transientRate) {
            throw unavailable(endpoint, "injected transient failure");
        }
        Fault fault = dryRun ? null : next(nodeId);
        if (fault == Fault.UNAVAILABLE) {
            throw unavailable(endpoint, "injected: connection reset");
        }
        if (fault == Fault.INVALID) {
            throw new TalosCallException(endpoint.address(), "ApplyConfiguration",
                    Status.INVALID_ARGUMENT.withDescription("injected: invalid config"));
        }
        if (latencyMillis > 0 && !dryRun) {
            sleep(latencyMillis);
        }
        ApplyReply reply = delegate.apply(nodeId, endpoint, config, mode, dryRun, tryTimeout);
        if (reportReboot.containsKey(nodeId) && (mode == ApplyMode.AUTO)) {
            reply = new ApplyReply("REBOOT", reply.details().replace("without a reboot", "with a reboot"));
            if (!dryRun) {
                downUntil.put(nodeId, System.nanoTime() + outage.toNanos());
            }
        }
        if (fault == Fault.LOST_REPLY || !dryRun && roll < transientRate && roll >= transientRate / 2) {
            throw new TalosCallException(endpoint.address(), "ApplyConfiguration",
                    Status.DEADLINE_EXCEEDED.withDescription("injected: reply lost after apply"));
        }
        if (fault == Fault.CRASH_AFTER_APPLY) {
            downUntil.put(nodeId, System.nanoTime() + outage.toNanos());
            throw unavailable(endpoint, "injected: node crashed after apply");
        }
        return reply;
    }

    private Fault next(String nodeId) {
        Deque<Fault> q = scripted.get(nodeId);
        return q == null ? null : q.pollFirst();
    }

    private static TalosCallException unavailable(NodeEndpoint endpoint, String why) {
        return new TalosCallException(endpoint.address(), "ApplyConfiguration", Status.UNAVAILABLE.withDescription(why));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
