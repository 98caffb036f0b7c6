package dev.tailtalos.sim;

import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest.Mode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Starts many simulated nodes in one JVM (shared event loops and executor) and measures heap per node and
 * Version / ApplyConfiguration calls per second from a pool of client channels, plus the same load against one node
 * as the baseline. Prints figures; asserts nothing. Not run by tests.
 * Usage: {@code SimulatorBenchmark [nodes=1000] [seconds=5] [clients=32] [threads=8]}.
 */
public final class SimulatorBenchmark {

    private static final byte[] CONFIG = ("version: v1alpha1\nmachine:\n  type: worker\n  certSANs: []\n"
            + "cluster:\n  clusterName: bench\n").getBytes(StandardCharsets.UTF_8);

    public record Options(int nodes, Duration duration, int clients, int threads) {
    }

    private SimulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        run(new Options(nodes, Duration.ofSeconds(seconds), clients, threads), System.out);
        System.exit(0);
    }

    public static void run(Options options, PrintStream out) throws Exception {
        out.printf("simulator benchmark: %d nodes, %d client channels, %d threads, %ds per measurement, %d cores%n",
                options.nodes(), options.clients(), options.threads(), options.duration().getSeconds(),
                Runtime.getRuntime().availableProcessors());
        CertificateAuthority ca = CertificateAuthority.generateOsCa();
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < options.nodes(); i++) {
            specs.add(new NodeSpec("bench-" + (i + 1), "127.0." + (40 + i / 250) + "." + (1 + i % 250), 0));
        }
        // warm the shared runtime and TLS code paths so their one-off cost is not charged to the fleet
        try (NodeSimulator warm = new NodeSimulator(List.of(new NodeSpec("warm", "127.0.39.1", 0)), ca, "v1.10.4")) {
            warm.start();
        }
        long before = usedHeap();
        long started = System.nanoTime();
        try (NodeSimulator fleet = new NodeSimulator(specs, ca, "v1.10.4")) {
            fleet.start();
            double startSeconds = (System.nanoTime() - started) / 1e9;
            long after = usedHeap();
            out.printf("started %d nodes in %.1f s; heap %.1f MiB -> %.1f MiB = %.1f KiB per node%n", options.nodes(),
                    startSeconds, before / 1048576.0, after / 1048576.0, (after - before) / 1024.0 / options.nodes());
            TalosCredentials admin = fleet.adminCredentials();

            List<String> baselineTargets = List.of(fleet.nodes().get(0).endpoint());
            List<String> fleetTargets = new ArrayList<>();
            for (int i = 0; i < options.clients(); i++) {
                fleetTargets.add(fleet.nodes().get((int) ((long) i * options.nodes() / options.clients())).endpoint());
            }
            measure(baselineTargets, options, admin, TalosClient::version); // JIT warm-up, discarded
            double baseVersion = measure(baselineTargets, options, admin, TalosClient::version);
            double fleetVersion = measure(fleetTargets, options, admin, TalosClient::version);
            Consumer<TalosClient> apply = client -> client.applyConfiguration(CONFIG, Mode.AUTO, false, null);
            double baseApply = measure(baselineTargets, options, admin, apply);
            double fleetApply = measure(fleetTargets, options, admin, apply);
            out.printf("Version:            %8.0f calls/s across %d nodes; baseline (1 node) %8.0f calls/s; ratio %.2f%n",
                    fleetVersion, fleetTargets.size(), baseVersion, fleetVersion / baseVersion);
            out.printf("ApplyConfiguration: %8.0f calls/s across %d nodes; baseline (1 node) %8.0f calls/s; ratio %.2f%n",
                    fleetApply, fleetTargets.size(), baseApply, fleetApply / baseApply);
            out.printf("all %d nodes still serving: %b%n", options.nodes(),
                    fleet.nodes().stream().allMatch(SimulatedNode::isServing));
        }
    }

    /** Calls per second with {@code threads} threads sharing one client channel per target (round robin). */
    private static double measure(List<String> targets, Options options, TalosCredentials credentials,
            Consumer<TalosClient> call) throws Exception {
        List<TalosClient> clients = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            clients.add(TalosClient.builder(targets.get(i % targets.size())).credentials(credentials)
                    .dialPolicy(DialPolicy.loopbackOnly()).callTimeout(Duration.ofSeconds(30)).build());
        }
        clients.forEach(call);
        AtomicLong calls = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads());
        long deadline = System.nanoTime() + options.duration().toNanos();
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < options.threads(); t++) {
            int offset = t;
            workers.add(pool.submit(() -> {
                int i = offset;
                while (System.nanoTime() < deadline) {
                    call.accept(clients.get(i++ % clients.size()));
                    calls.incrementAndGet();
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double rate = calls.get() / ((System.nanoTime() - started) / 1e9);
        pool.shutdownNow();
        clients.forEach(TalosClient::close);
        return rate;
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
