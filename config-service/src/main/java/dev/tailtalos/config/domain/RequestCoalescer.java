package dev.tailtalos.config.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Identical rollout requests (same repo, nodes, reason and policy) within the debounce window are one rollout: the
 * later ones get the first one's id instead of a rollout of their own.
 */
public final class RequestCoalescer {
    private final Clock clock;
    private final Duration window;
    private final Map<String, Entry> recent = new HashMap<>();

    private record Entry(String rolloutId, Instant at) {
    }

    public RequestCoalescer(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /** The rollout an identical request made within the window, if any. */
    public synchronized Optional<String> earlier(String requestKey) {
        Instant cutoff = clock.instant().minus(window);
        recent.values().removeIf(e -> !e.at().isAfter(cutoff));
        return Optional.ofNullable(recent.get(requestKey)).map(Entry::rolloutId);
    }

    public synchronized void made(String requestKey, String rolloutId) {
        if (!window.isZero()) {
            recent.put(requestKey, new Entry(rolloutId, clock.instant()));
        }
    }
}
