package dev.tailtalos.cli;

import dev.tailtalos.cli.audit.AuditCommand;
import dev.tailtalos.cli.bench.BenchCommand;
import dev.tailtalos.cli.config.GensecretCommand;
import dev.tailtalos.cli.config.LintCommand;
import dev.tailtalos.cli.config.RenderCommand;
import dev.tailtalos.cli.config.SchematicCommand;
import dev.tailtalos.cli.demo.DemoCommand;
import dev.tailtalos.cli.rollout.RolloutCommand;
import dev.tailtalos.cli.sim.SimCommand;
import dev.tailtalos.cli.talos.TalosCommand;
import dev.tailtalos.cli.secrets.SecretsCommand;
import dev.tailtalos.cli.secrets.SopsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "tailtalos", mixinStandardHelpOptions = true, version = "tailtalos 0.1.0",
        description = "Talos Linux rollouts over Tailscale, event-driven on Kafka.",
        subcommands = {DemoCommand.class, RenderCommand.class, LintCommand.class, SchematicCommand.class,
                GensecretCommand.class, RolloutCommand.class, SecretsCommand.class, SopsCommand.class, TalosCommand.class,
                SimCommand.class, AuditCommand.class, BenchCommand.class, CompletionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (rollout COMPLETED, no lint errors, audit intact)",
                "1:failure (rollout not COMPLETED, lint errors, node errors, audit tampered, service unreachable)",
                "2:usage error (unknown option or bad value), or an input that cannot be read"})
public class TailtalosCli implements Runnable {

    public static void main(String[] args) {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        int code = new CommandLine(new TailtalosCli())
                .registerConverter(java.time.Duration.class, new GoDurationConverter()).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
