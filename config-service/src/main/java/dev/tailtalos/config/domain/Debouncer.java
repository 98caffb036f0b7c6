package dev.tailtalos.config.domain;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects events and fires once, with everything collected, after {@code quiet} without a new event. */
public final class Debouncer<T> {

    private final ScheduledExecutorService scheduler;
    private final Duration quiet;
    private final Consumer<List<T>> action;
    private final Set<T> pending = new LinkedHashSet<>();
    private ScheduledFuture<?> scheduled;

    public Debouncer(ScheduledExecutorService scheduler, Duration quiet, Consumer<List<T>> action) {
        this.scheduler = scheduler;
        this.quiet = quiet;
        this.action = action;
    }

    public synchronized void event(T item) {
        pending.add(item);
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduled = scheduler.schedule(this::fire, quiet.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fire() {
        List<T> items;
        synchronized (this) {
            items = List.copyOf(pending);
            pending.clear();
            scheduled = null;
        }
        if (!items.isEmpty()) {
            action.accept(items);
        }
    }
}
