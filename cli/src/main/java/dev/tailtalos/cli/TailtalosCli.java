package dev.tailtalos.cli;

import dev.tailtalos.cli.demo.DemoCommand;
import dev.tailtalos.cli.secrets.SecretsCommand;
import dev.tailtalos.cli.secrets.SopsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "tailtalos", mixinStandardHelpOptions = true, version = "tailtalos 0.1.0",
        description = "Talos Linux rollouts over Tailscale, event-driven on Kafka.",
        subcommands = {DemoCommand.class, SecretsCommand.class, SopsCommand.class})
public class TailtalosCli implements Runnable {

    public static void main(String[] args) {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        int code = new CommandLine(new TailtalosCli()).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
