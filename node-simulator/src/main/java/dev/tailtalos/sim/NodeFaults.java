package dev.tailtalos.sim;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults injected into one simulated node on demand. Probabilistic faults draw from a seeded {@link Random}, so a
 * test that sets the seed sees the same sequence of failures every run.
 */
public final class NodeFaults {

    private final Random random;
    private final Map<String, Double> errorRates = new ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile double dropRate;
    private volatile int loseApplyReplies;
    private volatile int mtuBlackholeBytes = -1;

    NodeFaults(long seed) {
        this.random = new Random(seed);
    }

    /** Every call waits this long before the node handles it. */
    public NodeFaults latency(Duration latency) {
        this.latency = latency == null ? Duration.ZERO : latency;
        return this;
    }

    /**
     * Calls of a method fail with UNAVAILABLE with this probability. {@code method} is the simple RPC name
     * ({@code Version}, {@code ApplyConfiguration}, {@code List}, ...) or {@code *} for every method.
     */
    public NodeFaults errorRate(String method, double probability) {
        requireProbability(probability);
        errorRates.put(method, probability);
        return this;
    }

    /** Calls fail as if the TCP connection dropped (UNAVAILABLE "connection reset") with this probability. */
    public NodeFaults dropRate(double probability) {
        requireProbability(probability);
        this.dropRate = probability;
        return this;
    }

    /** The next {@code count} successful ApplyConfiguration calls take effect but their reply is lost (UNAVAILABLE). */
    public NodeFaults loseApplyReplies(int count) {
        this.loseApplyReplies = count;
        return this;
    }

    /** On the tailnet listener, reply messages larger than this many bytes never arrive (a path-MTU blackhole). */
    public NodeFaults mtuBlackhole(int bytes) {
        this.mtuBlackholeBytes = bytes;
        return this;
    }

    public NodeFaults clear() {
        errorRates.clear();
        latency = Duration.ZERO;
        dropRate = 0;
        loseApplyReplies = 0;
        mtuBlackholeBytes = -1;
        return this;
    }

    Duration latency() {
        return latency;
    }

    int mtuBlackholeBytes() {
        return mtuBlackholeBytes;
    }

    synchronized boolean failCall(String method) {
        double rate = errorRates.getOrDefault(method, errorRates.getOrDefault("*", 0.0));
        return rate > 0 && random.nextDouble() < rate;
    }

    synchronized boolean dropCall() {
        return dropRate > 0 && random.nextDouble() < dropRate;
    }

    synchronized boolean takeLostApplyReply() {
        if (loseApplyReplies > 0) {
            loseApplyReplies--;
            return true;
        }
        return false;
    }

    private static void requireProbability(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be within [0, 1]: " + probability);
        }
    }
}
