package dev.tailtalos.cli.talos;

import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosConfig;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "read", mixinStandardHelpOptions = true, description = "Writes a file from one node to stdout (admin only).")
public class TalosReadCommand implements Callable<Integer> {

    @Mixin
    TalosOptions options;

    @Parameters(index = "0", description = "Absolute path, e.g. /proc/sys/kernel/random/boot_id.")
    String path;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        TalosConfig.Context context = options.talosContext();
        if (options.targetNodes(context).size() > 1) {
            err.println("error: read works on one node at a time");
            return 2;
        }
        return PerNode.run(options, err, node -> {
            try (TalosClient client = options.client(context, node)) {
                client.read(path, chunk -> out.write(chunk.toByteArray(), 0, chunk.size()));
                out.flush();
            }
        });
    }
}
