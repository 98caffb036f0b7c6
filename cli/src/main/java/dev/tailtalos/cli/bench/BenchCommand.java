package dev.tailtalos.cli.bench;

import dev.tailtalos.cli.rollout.RolloutBenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tailtalos bench …}: benchmarks on the embedded broker and simulated nodes. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on the embedded broker and simulated nodes (loopback only).",
        subcommands = {RolloutBenchCommand.class, SimBenchCommand.class,
                dev.tailtalos.cli.config.BenchRenderCommand.class})
public class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
