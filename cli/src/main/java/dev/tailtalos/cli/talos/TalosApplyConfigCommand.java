package dev.tailtalos.cli.talos;

import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosException;
import dev.tailtalos.proto.talos.machine.ApplyConfiguration;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest.Mode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "apply-config", mixinStandardHelpOptions = true,
        description = "Applies a machine configuration to the nodes (talosctl apply-config).")
public class TalosApplyConfigCommand implements Callable<Integer> {

    @Mixin
    TalosOptions options;

    @Option(names = {"-f", "--file"}, required = true, description = "The machine configuration file.")
    Path file;

    @Option(names = {"-m", "--mode"}, defaultValue = "auto",
            description = "auto, no-reboot, reboot, staged or try (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--dry-run", description = "Show what would change; apply nothing.")
    boolean dryRun;

    @Option(names = "--timeout", defaultValue = "1m", converter = dev.tailtalos.cli.GoDurationConverter.class,
            description = "Try-mode timeout, as talosctl takes it (45s, 1m30s; ISO-8601 also accepted; default 1m).")
    Duration tryTimeout;

    @Option(names = {"-i", "--insecure"}, description = "Maintenance mode: no client certificate, node = endpoint.")
    boolean insecure;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        Mode parsed = parseMode(mode);
        byte[] config;
        try {
            config = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            err.println("error: --file " + file + ": no such file");
            return 2;
        }
        if (insecure) {
            if (options.nodes == null || options.nodes.isEmpty()) {
                err.println("error: --insecure needs the node addresses in -n/--nodes");
                return 2;
            }
            int failures = 0;
            for (String node : options.nodes) {
                try (TalosClient client = TalosClient.insecure(node, DialPolicy.any())) {
                    report(client.applyConfiguration(config, parsed, dryRun, tryTimeout));
                } catch (TalosException e) {
                    err.println("error: " + node + ": " + e.getMessage());
                    failures++;
                }
            }
            return failures == 0 ? 0 : 1;
        }
        TalosConfig.Context context = options.talosContext();
        return PerNode.run(options, err, node -> {
            try (TalosClient client = options.client(context, node)) {
                report(client.applyConfiguration(config, parsed, dryRun, tryTimeout));
            }
        });
    }

    private void report(ApplyConfiguration reply) {
        reply.getWarningsList().forEach(warning -> err.println("WARNING: " + warning));
        if (!reply.getModeDetails().isEmpty()) {
            err.println(reply.getModeDetails());
        }
    }

    static Mode parseMode(String text) {
        String normalized = text.toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "auto" -> Mode.AUTO;
            case "no-reboot" -> Mode.NO_REBOOT;
            case "reboot" -> Mode.REBOOT;
            case "staged" -> Mode.STAGED;
            case "try" -> Mode.TRY;
            default -> throw new IllegalArgumentException("--mode: \"" + text + "\" is not one of "
                    + List.of("auto", "no-reboot", "reboot", "staged", "try"));
        };
    }
}
