package dev.tailtalos.cli.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.proto.events.v1.HealthCheck;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** The demo summary's tailnet part: per node its tailnet address, every check with its result, a talosctl command. */
final class LoopSummary {
    private LoopSummary() {
    }

    static void print(PrintStream out, List<TailnetLoop.Node> loop, Path talosconfig, SimulatedTailnet tailnet) {
        if (loop.isEmpty()) {
            return;
        }
        out.println();
        out.println("tailnet " + tailnet.domain() + " (simulated; Tailscale API stand-in at " + tailnet.apiUrl() + "):");
        for (TailnetLoop.Node node : loop) {
            out.printf("  %-8s %s%n", node.node(), node.device().map(d -> "tailnet address " + d.tailscaleAddress() + ", "
                    + d.hostname() + "." + tailnet.domain() + "; cert SANs rolled out in " + node.healing().orElse("-")
                    + " " + node.healingState()).orElse("not on the tailnet (ext-tailscale did not join)"));
            for (HealthCheck check : node.checks()) {
                out.printf("           %-7s %-26s %s%n", check.getResult(), check.getName(),
                        check.getResult().equals("SKIPPED") ? "skipped: " + check.getDetail() : check.getDetail());
            }
            out.printf("           %d checks ran, %d passed%s%n", node.ran(), node.passed(),
                    node.checks().size() > node.ran() ? ", " + (node.checks().size() - node.ran()) + " skipped" : "");
            node.talosctl(talosconfig).ifPresent(command -> out.println("           try: " + command));
        }
    }

    static void json(ArrayNode nodes, List<TailnetLoop.Node> loop, Path talosconfig) {
        for (TailnetLoop.Node node : loop) {
            ObjectNode n = nodes.addObject().put("node", node.node())
                    .put("tailnet_address", node.device().map(d -> d.tailscaleAddress()).orElse(""))
                    .put("tailnet_endpoint", node.tailnetEndpoint().orElse(""))
                    .put("healing_rollout", node.healing().orElse("")).put("healing_state", node.healingState())
                    .put("all_checks_passed", node.allPassed())
                    .put("talosctl", node.talosctl(talosconfig).orElse(""));
            ArrayNode checks = n.putArray("checks");
            for (HealthCheck check : node.checks()) {
                checks.addObject().put("name", check.getName()).put("result", check.getResult())
                        .put("detail", check.getDetail()).put("recommendation", check.getRecommendation());
            }
        }
    }
}
