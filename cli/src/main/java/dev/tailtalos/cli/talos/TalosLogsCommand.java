package dev.tailtalos.cli.talos;

import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Prints a service's log, each line prefixed with the node (talosctl logs).")
public class TalosLogsCommand implements Callable<Integer> {

    @Mixin
    TalosOptions options;

    @Parameters(index = "0", description = "Service id, e.g. ext-tailscale.")
    String service;

    @Option(names = {"-f", "--follow"}, description = "Keep streaming new lines.")
    boolean follow;

    @Option(names = "--tail", defaultValue = "-1", description = "Lines of history (-1 = all, default ${DEFAULT-VALUE}).")
    int tail;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        TalosConfig.Context context = options.talosContext();
        return PerNode.run(options, err, node -> {
            StringBuilder partial = new StringBuilder();
            try (TalosClient client = options.client(context, node)) {
                client.logs(service, follow, tail, chunk -> {
                    partial.append(chunk.toString(StandardCharsets.UTF_8));
                    int newline;
                    while ((newline = partial.indexOf("\n")) >= 0) {
                        out.println(node + ": " + partial.substring(0, newline));
                        partial.delete(0, newline + 1);
                    }
                    out.flush();
                });
            }
            if (partial.length() > 0) {
                out.println(node + ": " + partial);
            }
        });
    }
}
