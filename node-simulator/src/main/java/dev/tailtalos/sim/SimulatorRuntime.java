package dev.tailtalos.sim;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Threads shared by every simulated node in the JVM: one Netty boss and worker group, one executor for call
 * handlers and one scheduler for timers (reboots, try-mode reverts, latency). Handlers never block, so a
 * thousand nodes run on a handful of threads.
 */
final class SimulatorRuntime {

    private static final SimulatorRuntime SHARED = new SimulatorRuntime();

    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("sim-boss", true));
    private final EventLoopGroup workers = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("sim-io", true));
    private final ExecutorService executor = Executors.newFixedThreadPool(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), daemon("sim-call"));
    private final ScheduledExecutorService scheduler;

    private SimulatorRuntime() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, daemon("sim-timer"));
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
    }

    static SimulatorRuntime shared() {
        return SHARED;
    }

    EventLoopGroup boss() {
        return boss;
    }

    EventLoopGroup workers() {
        return workers;
    }

    ExecutorService executor() {
        return executor;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
