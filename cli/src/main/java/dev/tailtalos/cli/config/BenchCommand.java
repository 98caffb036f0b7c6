package dev.tailtalos.cli.config;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (print figures, assert nothing).",
        subcommands = {BenchRenderCommand.class})
public class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
