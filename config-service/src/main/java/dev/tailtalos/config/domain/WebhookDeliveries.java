package dev.tailtalos.config.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Webhook deliveries already received, by delivery id ({@code X-GitHub-Delivery}, {@code X-Gitea-Delivery}), for a time
 * window: a delivery seen again within it is a replay. Oldest ids go first once the window passes or the bound is hit.
 */
public final class WebhookDeliveries {
    private final Clock clock;
    private final Duration window;
    private final int maxIds;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public WebhookDeliveries(Clock clock, Duration window, int maxIds) {
        this.clock = clock;
        this.window = window;
        this.maxIds = maxIds;
    }

    public Duration window() {
        return window;
    }

    /** @return true the first time {@code deliveryId} is offered within the window (and records it) */
    public synchronized boolean firstTime(String deliveryId) {
        Instant now = clock.instant();
        forgetOlderThan(now.minus(window));
        if (seen.containsKey(deliveryId)) {
            return false;
        }
        remember(deliveryId, now);
        return true;
    }

    /** A delivery known from before a restart (rebuilt from rollout.requested), received at {@code at}. */
    public synchronized void remember(String deliveryId, Instant at) {
        if (at.isAfter(clock.instant().minus(window))) {
            seen.putIfAbsent(deliveryId, at);
            while (seen.size() > maxIds) {
                seen.remove(seen.keySet().iterator().next());
            }
        }
    }

    private void forgetOlderThan(Instant cutoff) {
        for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().isAfter(cutoff)) {
                return;
            }
            it.remove();
        }
    }
}
