package dev.tailtalos.cli.talos;

import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** talosctl's global flags: -n, -e, --talosconfig, --context; talosconfig lookup as talosctl does it. */
public class TalosOptions {

    @Option(names = {"-n", "--nodes"}, split = ",", description = "Target nodes (default: the context's nodes).")
    List<String> nodes;

    @Option(names = {"-e", "--endpoints"}, split = ",", description = "Endpoints to dial (default: the context's).")
    List<String> endpoints;

    @Option(names = "--talosconfig", description = "Path to the talosconfig (default: $TALOSCONFIG, then ~/.talos/config).")
    Path talosconfig;

    @Option(names = "--context", description = "Context to use (default: the talosconfig's current context).")
    String context;

    @Option(names = "--timeout-per-call", defaultValue = "30s", hidden = true,
            converter = dev.tailtalos.cli.GoDurationConverter.class)
    Duration callTimeout;

    Path talosconfigPath() {
        if (talosconfig != null) {
            return talosconfig;
        }
        String env = System.getenv("TALOSCONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".talos", "config");
    }

    TalosConfig.Context talosContext() throws IOException {
        Path path = talosconfigPath();
        if (!Files.exists(path)) {
            throw new TalosConfigException("talosconfig " + path + " does not exist (use --talosconfig or $TALOSCONFIG)");
        }
        TalosConfig config = TalosConfig.read(path);
        if (context == null) {
            return config.currentContext();
        }
        return config.context(context).orElseThrow(() -> new TalosConfigException(path + ": context \"" + context
                + "\" is not defined"));
    }

    List<String> targetNodes(TalosConfig.Context ctx) {
        List<String> chosen = nodes != null && !nodes.isEmpty() ? nodes : ctx.nodes();
        if (chosen.isEmpty()) {
            throw new TalosConfigException("nodes are not set for the command: please use `--nodes` flag or "
                    + "configuration file to set the nodes to run the command against");
        }
        return chosen;
    }

    String endpoint(TalosConfig.Context ctx) {
        List<String> chosen = endpoints != null && !endpoints.isEmpty() ? endpoints : ctx.endpoints();
        if (chosen.isEmpty()) {
            throw new TalosConfigException("no endpoints: use -e or set endpoints in the talosconfig context");
        }
        return chosen.get(0);
    }

    /** A client that sends {@code nodes: <node>} through the context's first endpoint, as talosctl does. */
    TalosClient client(TalosConfig.Context ctx, String node) {
        return TalosClient.builder(endpoint(ctx)).credentials(ctx.credentials()).dialPolicy(DialPolicy.any())
                .nodes(List.of(node)).callTimeout(callTimeout).build();
    }

    /** A client for COSI calls: {@code node: <node>} metadata. */
    TalosClient cosiClient(TalosConfig.Context ctx, String node) {
        return TalosClient.builder(endpoint(ctx)).credentials(ctx.credentials()).dialPolicy(DialPolicy.any())
                .node(node).callTimeout(callTimeout).build();
    }
}
