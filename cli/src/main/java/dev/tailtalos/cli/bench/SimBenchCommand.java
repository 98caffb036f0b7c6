package dev.tailtalos.cli.bench;

import dev.tailtalos.sim.SimulatorBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Starts N simulated nodes in this JVM; prints heap per node and Version/ApplyConfiguration calls/s "
                + "against the fleet and against one node (baseline).")
public class SimBenchCommand implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "1000", description = "Nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--duration", defaultValue = "PT5S", description = "Per measurement (default 5s).")
    Duration duration;

    @Option(names = "--clients", defaultValue = "32", description = "Client channels (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--threads", defaultValue = "8", description = "Calling threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        SimulatorBenchmark.run(new SimulatorBenchmark.Options(nodes, duration, clients, threads), System.out);
        return 0;
    }
}
