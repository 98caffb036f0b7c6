package dev.tailtalos.monitor.domain;

import java.time.Duration;

/**
 * How long the large transfer over the tailnet may take before it counts as stalled: scaled to what this machine and
 * path just measured, so a loaded machine or a slow tailnet does not look like a path-MTU blackhole. A blackhole
 * never completes, so any finite deadline catches it; the floor keeps the deadline from collapsing on a fast LAN.
 *
 * <p>deadline = max(floor, 4 × the LAN transfer's time + 100 × the tailnet small call's latency), the small call
 * timed on an established connection (a round trip, not a handshake)
 */
public final class PayloadDeadline {
    public static final int TRANSFER_FACTOR = 4;
    public static final int ROUND_TRIP_FACTOR = 100;

    private PayloadDeadline() {
    }

    public static Duration forTailnet(Duration floor, long lanTransferMillis, long tailnetSmallCallMillis) {
        long adaptive = TRANSFER_FACTOR * Math.max(0, lanTransferMillis)
                + ROUND_TRIP_FACTOR * Math.max(0, tailnetSmallCallMillis);
        return Duration.ofMillis(Math.max(floor.toMillis(), adaptive));
    }

    /** The LAN transfer is the baseline: it gets the floor scaled by how slow a small call is right now. */
    public static Duration forLan(Duration floor, long lanSmallCallMillis) {
        return Duration.ofMillis(Math.max(floor.toMillis(), ROUND_TRIP_FACTOR * Math.max(0, lanSmallCallMillis)) * 3);
    }

    public static String explain(Duration deadline, Duration floor, long lanTransferMillis, long tailnetSmallCallMillis) {
        return deadline.toMillis() + " ms deadline (max of floor " + floor.toMillis() + " ms and " + TRANSFER_FACTOR
                + " × LAN transfer " + lanTransferMillis + " ms + " + ROUND_TRIP_FACTOR + " × tailnet small call "
                + tailnetSmallCallMillis + " ms)";
    }
}
