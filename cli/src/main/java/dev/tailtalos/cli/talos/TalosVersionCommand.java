package dev.tailtalos.cli.talos;

import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.proto.talos.machine.Version;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Prints the Talos version of each node.")
public class TalosVersionCommand implements Callable<Integer> {

    @Mixin
    TalosOptions options;

    @Option(names = "--short", description = "Print the tag only.")
    boolean shortFormat;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        TalosConfig.Context context = options.talosContext();
        out.println("Client:");
        out.println("\ttailtalos 0.1.0 (talosctl-compatible)");
        out.println("Server:");
        return PerNode.run(options, err, node -> {
            try (TalosClient client = options.client(context, node)) {
                Version version = client.version();
                String name = version.getMetadata().getHostname().isEmpty() ? node : version.getMetadata().getHostname();
                out.println("\tNODE:        " + name);
                out.println("\tTag:         " + version.getVersion().getTag());
                if (!shortFormat) {
                    out.println("\tSHA:         " + version.getVersion().getSha());
                    out.println("\tBuilt:       " + version.getVersion().getBuilt());
                    out.println("\tGo version:  " + version.getVersion().getGoVersion());
                    out.println("\tOS/Arch:     " + version.getVersion().getOs() + "/" + version.getVersion().getArch());
                    if (version.hasFeatures() && version.getFeatures().getRbac()) {
                        out.println("\tEnabled:     RBAC");
                    }
                }
            }
        });
    }
}
