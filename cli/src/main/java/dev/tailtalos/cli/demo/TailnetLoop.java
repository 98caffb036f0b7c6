package dev.tailtalos.cli.demo;

import dev.tailtalos.cli.Terminal;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.HealthCheck;
import dev.tailtalos.proto.events.v1.NodeHealth;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import dev.tailtalos.sim.TailnetDevice;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo's second half, which nobody starts: each node's ext-tailscale joined the tailnet during the rollout, the
 * monitor found it in the Tailscale API and emitted node.observed, config-service re-rendered the node with its
 * tailnet address and MagicDNS name in its cert SANs and requested a rollout of it. This waits for those rollouts and
 * collects each node's latest health report.
 */
final class TailnetLoop {

    /** One node at the end of the loop; {@code healing} is empty when the node never joined or nothing was requested. */
    record Node(String node, Optional<TailnetDevice> device, Optional<String> tailnetEndpoint, Optional<String> healing,
                String healingState, Optional<NodeHealth> health) {

        List<HealthCheck> checks() {
            return health.map(NodeHealth::getChecksList).orElse(List.of());
        }

        boolean allPassed() {
            return !checks().isEmpty() && checks().stream().allMatch(c -> c.getResult().equals("PASS"));
        }

        long ran() {
            return checks().stream().filter(c -> !c.getResult().equals("SKIPPED")).count();
        }

        long passed() {
            return checks().stream().filter(c -> c.getResult().equals("PASS")).count();
        }

        /** A command for the real talosctl over the node's tailnet address, verifying its certificate. */
        Optional<String> talosctl(Path talosconfig) {
            return device.flatMap(d -> tailnetEndpoint.map(endpoint -> "talosctl --talosconfig " + talosconfig
                    + " -n " + d.tailscaleAddress() + " -e " + endpoint + " version"));
        }
    }

    private TailnetLoop() {
    }

    static List<Node> await(EmbeddedStack stack, long deadlineNanos, PrintStream out, Terminal terminal)
            throws Exception {
        List<String> nodes = List.copyOf(stack.endpoints().keySet());
        List<Optional<String>> healing = new ArrayList<>();
        for (String node : nodes) {
            Optional<TailnetDevice> device = stack.simulator().node(node).tailnetDevice();
            healing.add(device.isEmpty() ? Optional.empty() : healingRollout(stack, node, deadlineNanos).map(r -> {
                out.printf("%-8s %s: config-service requested rollout %s (\"%s\")%n", node, "joined the tailnet",
                        r.getRolloutId(), r.getReason());
                return r.getRolloutId();
            }));
        }
        List<String> states = new ArrayList<>();
        for (Optional<String> rollout : healing) {
            states.add(rollout.isEmpty() ? "NOT_REQUESTED" : finalState(stack, rollout.get(), deadlineNanos, out, terminal));
        }
        List<EventEnvelope> reports = TopicEvents.read(stack.bootstrapServers(), Topics.NODE_HEALTH);
        List<Node> result = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            // the healing rollout's own report: a report of the first rollout may be published later but probed earlier
            Optional<String> rollout = healing.get(i);
            Optional<NodeHealth> latest = reports.stream()
                    .filter(e -> rollout.isEmpty() || e.getCorrelationId().equals(rollout.get()))
                    .map(e -> EventEnvelopes.payload(e, NodeHealth.class))
                    .filter(h -> h.getNodeId().equals(node)).reduce((a, b) -> b);
            var simulated = stack.simulator().node(node);
            result.add(new Node(node, simulated.tailnetDevice(), simulated.tailnetEndpoint(), healing.get(i),
                    states.get(i), latest));
        }
        return result;
    }

    /** The rollout config-service requests for this node alone once it has been observed on the tailnet. */
    private static Optional<RolloutRequested> healingRollout(EmbeddedStack stack, String node, long deadlineNanos)
            throws InterruptedException {
        while (true) {
            Optional<RolloutRequested> found = TopicEvents.read(stack.bootstrapServers(), Topics.ROLLOUT_REQUESTED)
                    .stream().map(e -> EventEnvelopes.payload(e, RolloutRequested.class))
                    .filter(r -> r.getRequestedBy().equals("config-service") && r.getNodeIdsList().equals(List.of(node)))
                    .findFirst();
            if (found.isPresent() || System.nanoTime() > deadlineNanos) {
                return found;
            }
            Thread.sleep(250);
        }
    }

    private static String finalState(EmbeddedStack stack, String rolloutId, long deadlineNanos, PrintStream out,
                                     Terminal terminal) throws Exception {
        try (RolloutWatcher watcher = new RolloutWatcher(stack.bootstrapServers(), rolloutId, out, terminal)) {
            RolloutStatus status = watcher.finalStatus().get(Math.max(1, deadlineNanos - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            return status.getState();
        } catch (TimeoutException e) {
            return "TIMED_OUT";
        }
    }
}
