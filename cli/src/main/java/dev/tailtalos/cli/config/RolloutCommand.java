package dev.tailtalos.cli.config;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "rollout", mixinStandardHelpOptions = true, description = "Rollouts.",
        subcommands = {RolloutStartCommand.class})
public class RolloutCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
