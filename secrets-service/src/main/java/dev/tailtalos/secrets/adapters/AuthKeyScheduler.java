package dev.tailtalos.secrets.adapters;

import dev.tailtalos.secrets.domain.authkeys.AuthKeyLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the auth-key check (expiry tracking, rotation when due, alerts) at a fixed interval. */
public final class AuthKeyScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuthKeyScheduler.class);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "authkey-check");
        t.setDaemon(true);
        return t;
    });

    public AuthKeyScheduler(AuthKeyLifecycle lifecycle, Duration initialDelay, Duration interval) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                lifecycle.check();
            } catch (RuntimeException e) {
                log.warn("auth key check failed, will run again in {}: {}", interval, e.getMessage());
            }
        }, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
