package dev.tailtalos.reliability;

import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.ConfigRendered;
import dev.tailtalos.proto.events.v1.ConfigSealed;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.NodeApplyFailed;
import dev.tailtalos.proto.events.v1.NodeHealth;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import dev.tailtalos.sim.SimulatedNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One chaos rollout: the faults of a {@link Plan} are injected while the rollout runs, then the outcome is checked
 * against the policy from the simulator's apply counts and every event on Kafka.
 */
final class ChaosRun {
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "ABORTED", "HALTED", "SUPERSEDED");

    /**
     * @param restartService   the service stopped and started again, or null
     * @param restartAfter     when (after the request) the service restart happens
     * @param brokerRestart    restart the broker mid-rollout
     * @param apiOutage        how long the Vault and Tailscale stand-ins are down (zero: not at all)
     * @param transientRate    probability of each ApplyConfiguration call failing with UNAVAILABLE
     * @param lostReplies      how many nodes lose their next apply reply (the apply happened)
     * @param failingNode      index of the node whose every apply fails, or -1
     */
    record Plan(int run, long seed, String restartService, Duration restartAfter, boolean brokerRestart,
                Duration brokerAfter, Duration apiOutage, double transientRate, int lostReplies, int failingNode,
                int maxParallel) {

        static Plan random(int run, long seed, int nodes, boolean brokerRestart, Duration apiOutage,
                           boolean failing) {
            // SplittableRandom mixes the seed: java.util.Random gives near-equal first draws for consecutive seeds
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            String service = ReliabilityStack.SERVICES.get(r.nextInt(ReliabilityStack.SERVICES.size()));
            int maxParallel = 10;
            int workerWaves = (nodes - 1 + maxParallel - 1) / maxParallel;
            int failingNode = -1;
            if (failing) {
                // a worker in a wave that has later waves after it
                int wave = r.nextInt(Math.max(1, workerWaves - 1));
                failingNode = 1 + wave * maxParallel + r.nextInt(maxParallel);
            }
            return new Plan(run, seed, service, Duration.ofMillis(500 + r.nextInt(6000)), brokerRestart,
                    Duration.ofMillis(1000 + r.nextInt(4000)), apiOutage, 0.2, 1 + r.nextInt(3), failingNode,
                    maxParallel);
        }

        int waveOf(int nodeIndex) {
            return nodeIndex == 0 ? 0 : 1 + (nodeIndex - 1) / maxParallel;
        }

        @Override
        public String toString() {
            return "run " + run + " (seed " + seed + "): restart " + restartService + " after "
                    + restartAfter.toMillis() + " ms" + (brokerRestart ? ", broker restart after "
                    + brokerAfter.toMillis() + " ms" : "") + (apiOutage.isZero() ? "" : ", Vault and Tailscale down "
                    + apiOutage.toSeconds() + " s") + ", " + (int) (transientRate * 100) + "% transient apply failures, "
                    + lostReplies + " lost apply replies" + (failingNode >= 0 ? ", node-" + String.format("%02d",
                    failingNode + 1) + " failing permanently" : "");
        }
    }

    /** What a run found; {@code problems} lists every broken promise (empty when the run kept them all). */
    record Result(Plan plan, String state, int faults, int eventsLost, int duplicateApplies, List<String> problems,
                  long millis) {
    }

    private ChaosRun() {
    }

    static Result run(ReliabilityStack stack, Plan plan) throws Exception {
        long started = System.nanoTime();
        List<SimulatedNode> nodes = stack.nodeNames().stream().map(stack.simulator::node).toList();
        Map<String, Integer> before = new HashMap<>();
        Random r = new Random(plan.seed() ^ 0x5eed);
        for (SimulatedNode node : nodes) {
            before.put(node.hostname(), node.applyCount());
            node.faults().clear().errorRate("ApplyConfiguration", plan.transientRate());
        }
        Set<Integer> losing = new HashSet<>();
        while (losing.size() < plan.lostReplies()) {
            int i = 1 + r.nextInt(nodes.size() - 1);
            if (i != plan.failingNode()) {
                losing.add(i);
            }
        }
        losing.forEach(i -> nodes.get(i).faults().loseApplyReplies(1));
        if (plan.failingNode() >= 0) {
            nodes.get(plan.failingNode()).faults().errorRate("ApplyConfiguration", 1.0);
        }
        int faults = 1 + losing.size() + (plan.failingNode() >= 0 ? 1 : 0) + (plan.brokerRestart() ? 1 : 0)
                + (plan.apiOutage().isZero() ? 0 : 2);

        Path repo = stack.writeRepo("run-" + plan.run() + "-" + plan.seed());
        String rolloutId = stack.requestRollout(repo, plan.maxParallel(), 0);
        List<Throwable> chaosErrors = new ArrayList<>();
        List<Thread> chaos = new ArrayList<>();
        chaos.add(ChaosStep.thread(() -> {
            sleep(plan.restartAfter());
            stack.restart(plan.restartService());
        }, chaosErrors));
        if (plan.brokerRestart()) {
            chaos.add(ChaosStep.thread(() -> {
                sleep(plan.brokerAfter());
                stack.restartBroker(Duration.ofSeconds(2));
            }, chaosErrors));
        }
        if (!plan.apiOutage().isZero() && stack.vault != null) {
            chaos.add(ChaosStep.thread(() -> {
                stack.vault.setDown(true);
                stack.tailscale.setDown(true);
                sleep(plan.apiOutage());
                stack.vault.setDown(false);
                stack.tailscale.setDown(false);
            }, chaosErrors));
        }
        chaos.forEach(Thread::start);
        RolloutStatus last = awaitTerminal(stack, rolloutId, Duration.ofMinutes(8));
        for (Thread t : chaos) {
            t.join();
        }
        for (SimulatedNode node : nodes) {
            node.faults().clear();
        }
        List<String> problems = new ArrayList<>();
        chaosErrors.forEach(e -> problems.add("chaos step failed: " + e));
        if (last == null) {
            problems.add("rollout " + rolloutId + " did not finish within 8 minutes");
            return new Result(plan, "UNFINISHED", faults, 0, 0, problems, (System.nanoTime() - started) / 1_000_000);
        }
        // let in-flight events of the finished rollout land before counting
        Thread.sleep(1500);
        return check(stack, plan, rolloutId, last, nodes, before, faults, problems, started);
    }

    private static Result check(ReliabilityStack stack, Plan plan, String rolloutId, RolloutStatus last,
                                List<SimulatedNode> nodes, Map<String, Integer> before, int faults,
                                List<String> problems, long started) {
        String bootstrap = stack.bootstrapServers();
        Set<String> rendered = KafkaLog.payloads(bootstrap, Topics.CONFIG_RENDERED, ConfigRendered.class,
                e -> e.getRolloutId().equals(rolloutId)).stream().map(e -> e.getNode().getNodeId())
                .collect(Collectors.toSet());
        Set<String> sealed = KafkaLog.payloads(bootstrap, Topics.CONFIG_SEALED, ConfigSealed.class,
                e -> e.getRolloutId().equals(rolloutId)).stream().map(e -> e.getNode().getNodeId())
                .collect(Collectors.toSet());
        List<NodeApplied> applied = KafkaLog.payloads(bootstrap, Topics.NODE_APPLIED, NodeApplied.class,
                e -> e.getRolloutId().equals(rolloutId));
        Set<String> appliedNodes = applied.stream().map(NodeApplied::getNodeId).collect(Collectors.toSet());
        Set<String> failedNodes = KafkaLog.payloads(bootstrap, Topics.NODE_APPLY_FAILED, NodeApplyFailed.class,
                e -> e.getRolloutId().equals(rolloutId)).stream().map(NodeApplyFailed::getNodeId)
                .collect(Collectors.toSet());
        Set<String> healthy = KafkaLog.payloads(bootstrap, Topics.NODE_HEALTH, NodeHealth.class,
                e -> e.getRolloutId().equals(rolloutId) && e.getHealthy()).stream().map(NodeHealth::getNodeId)
                .collect(Collectors.toSet());
        faults += applied.stream().mapToInt(a -> Math.max(0, a.getAttempts() - 1)).sum();

        int lost = 0;
        int duplicates = 0;
        boolean failing = plan.failingNode() >= 0;
        String expected = failing ? "FAILED" : "COMPLETED";
        if (!last.getState().equals(expected)) {
            problems.add("rollout ended " + last.getState() + " (" + last.getReason() + "), expected " + expected);
        }
        int failingWave = failing ? plan.waveOf(plan.failingNode()) : Integer.MAX_VALUE;
        // an unplanned failure (e.g. a node's transient failures outlasting its retries) halts at its own wave: the
        // wrong outcome is reported above, and events are judged against the wave that actually halted
        for (int i = 0; i < nodes.size(); i++) {
            if (failedNodes.contains(nodes.get(i).hostname())) {
                failingWave = Math.min(failingWave, plan.waveOf(i));
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i).hostname();
            int applies = nodes.get(i).applyCount() - before.get(node);
            int wave = plan.waveOf(i);
            if (!rendered.contains(node)) {
                lost++;
                problems.add(node + ": no config.rendered");
            }
            if (rendered.contains(node) && !sealed.contains(node)) {
                lost++;
                problems.add(node + ": config.rendered without config.sealed");
            }
            if (applies > 1) {
                duplicates += applies - 1;
                problems.add(node + ": applied " + applies + " times");
            }
            if (i == plan.failingNode()) {
                if (applies != 0) {
                    problems.add(node + " (failing) was applied " + applies + " times");
                }
                if (!failedNodes.contains(node)) {
                    lost++;
                    problems.add(node + " (failing): no node.apply-failed");
                }
            } else if (wave < failingWave) {
                if (applies != 1) {
                    problems.add(node + " (wave " + wave + "): applied " + applies + " times, expected once");
                }
                if (!appliedNodes.contains(node)) {
                    lost++;
                    problems.add(node + ": applied on the node but no node.applied");
                }
                if (!healthy.contains(node)) {
                    lost++;
                    problems.add(node + ": no healthy node.health");
                }
            } else if (wave == failingWave || failedNodes.contains(node)) {
                if (applies == 1 && !appliedNodes.contains(node)) {
                    lost++;
                    problems.add(node + " (failing node's wave): applied on the node but no node.applied");
                }
            } else if (applies != 0 || appliedNodes.contains(node) || failedNodes.contains(node)) {
                problems.add(node + " (wave " + wave + ", after the failing wave " + failingWave
                        + ") was touched: " + applies + " applies");
            }
        }
        return new Result(plan, last.getState(), faults, lost, duplicates, problems,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static RolloutStatus awaitTerminal(ReliabilityStack stack, String rolloutId, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                List<RolloutStatus> statuses = KafkaLog.payloads(stack.bootstrapServers(), Topics.ROLLOUT_STATUS,
                        RolloutStatus.class, s -> s.getRolloutId().equals(rolloutId) && TERMINAL.contains(s.getState()));
                if (!statuses.isEmpty()) {
                    return statuses.get(statuses.size() - 1);
                }
            } catch (RuntimeException e) {
                // the broker may be restarting; ask again
            }
            Thread.sleep(1000);
        }
        return null;
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    /** A platform thread running a step that may throw; its failure is collected, not lost. */
    private static final class ChaosStep {
        interface Step {
            void run() throws Exception;
        }

        static Thread thread(Step step, List<Throwable> errors) {
            Thread t = new Thread(() -> {
                try {
                    step.run();
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "chaos");
            t.setDaemon(true);
            return t;
        }
    }
}
