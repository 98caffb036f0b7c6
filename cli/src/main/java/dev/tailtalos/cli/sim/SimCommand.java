package dev.tailtalos.cli.sim;

import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.sim.InProcessTailnet;
import dev.tailtalos.sim.NodeOptions;
import dev.tailtalos.sim.NodeSimulator;
import dev.tailtalos.sim.NodeSpec;
import dev.tailtalos.sim.SimulatedNode;
import dev.tailtalos.sim.SimulatorMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Runs simulated Talos nodes on consecutive loopback addresses until stopped, and writes a",
                "talosconfig for them (usable by `tailtalos talos` and by talosctl). Nodes start in maintenance mode",
                "(apply-config --insecure) unless --configured. Faults can be switched on by flags."})
public class SimCommand implements Callable<Integer> {

    @Option(names = "--nodes", required = true, description = "How many nodes.")
    int nodes;

    @Option(names = "--base-address", defaultValue = "127.0.10.1", description = "Address of the first node (default ${DEFAULT-VALUE}).")
    String baseAddress;

    @Option(names = "--port", defaultValue = "50000", description = "API port on every address (default ${DEFAULT-VALUE}; 0 = ephemeral).")
    int port;

    @Option(names = "--talosconfig-out", required = true, description = "Where to write the talosconfig.")
    Path talosconfigOut;

    @Option(names = "--talos-version", defaultValue = SimulatedNode.DEFAULT_TALOS_VERSION, description = "Version the nodes report.")
    String talosVersion;

    @Option(names = "--maintenance", description = "Start the nodes in maintenance mode (the default; kept for old scripts).")
    boolean maintenance;

    @Option(names = "--configured", description = "Start the nodes installed: mTLS API up, waiting for a config (no maintenance mode).")
    boolean configured;

    @Option(names = "--reboot-time", defaultValue = "PT2S", description = "How long a reboot keeps a node away (ISO-8601, default 2s).")
    Duration rebootTime;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fault randomness.")
    long seed;

    @Option(names = "--latency", description = "Added latency per call (ISO-8601, e.g. PT0.2S).")
    Duration latency;

    @Option(names = "--error-rate", description = "METHOD=P: that RPC (or *) fails with UNAVAILABLE with probability P. Repeatable.")
    Map<String, Double> errorRates = new LinkedHashMap<>();

    @Option(names = "--drop-rate", defaultValue = "0", description = "Probability that a call's connection drops.")
    double dropRate;

    @Option(names = "--lose-apply-replies", defaultValue = "0", description = "The first N applies per node happen but their reply is lost.")
    int loseApplyReplies;

    @Option(names = "--mtu-blackhole", defaultValue = "-1", description = "On tailnet listeners, replies above N bytes stall.")
    int mtuBlackhole;

    @Spec
    CommandSpec spec;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1) {
            throw new ParameterException(spec.commandLine(), "--nodes must be at least 1, not " + nodes);
        }
        if (maintenance && configured) {
            throw new ParameterException(spec.commandLine(), "--maintenance and --configured exclude each other");
        }
        SimulatorMain.Options parsed = new SimulatorMain.Options(nodes, baseAddress, port, talosconfigOut, talosVersion);
        List<NodeSpec> specs;
        try {
            specs = SimulatorMain.specs(parsed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        NodeOptions options = nodeOptions();
        NodeSimulator simulator = new NodeSimulator(specs, CertificateAuthority.generateOsCa(), talosVersion, options);
        simulator.faults(faults -> {
            faults.latency(latency).dropRate(dropRate).loseApplyReplies(loseApplyReplies).mtuBlackhole(mtuBlackhole);
            errorRates.forEach(faults::errorRate);
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "sim-shutdown"));
        try {
            simulator.start();
        } catch (IOException e) {
            err.println("error: cannot start the simulated nodes: " + e.getMessage() + " (another simulator on these "
                    + "addresses? pick another --base-address, or --port 0 for free ports)");
            return 1;
        }
        simulator.writeTalosconfig(talosconfigOut, "tailtalos-sim");
        SimulatorMain.printEndpoints(simulator, parsed, out);
        out.println("running until stopped (Ctrl-C)");
        out.flush();
        stopped.await();
        return 0;
    }

    /** Maintenance mode first unless --configured; tailnet addresses claimed machine-wide (no two sims share one). */
    NodeOptions nodeOptions() {
        return NodeOptions.defaults().withMaintenance(!configured).withRebootDuration(rebootTime)
                .withTailnet(InProcessTailnet.permissiveMachineWide()).withSeed(seed);
    }
}
