package dev.tailtalos.cli.talos;

import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosException;
import java.io.PrintStream;
import java.util.List;

/** Runs an action per target node; failures are reported per node (as talosctl does) and make the exit code 1. */
final class PerNode {

    interface Action {
        void run(String node) throws Exception;
    }

    private PerNode() {
    }

    static int run(TalosOptions options, PrintStream err, Action action) throws Exception {
        TalosConfig.Context context = options.talosContext();
        List<String> nodes = options.targetNodes(context);
        int failures = 0;
        for (String node : nodes) {
            try {
                action.run(node);
            } catch (TalosException e) {
                err.println("error: " + node + ": " + e.getMessage());
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
