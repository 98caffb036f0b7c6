package dev.tailtalos.cli.rollout;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.tailtalos.cli.Terminal;
import dev.tailtalos.proto.events.v1.NodeStatus;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tailtalos rollout status|pause|resume|abort|promote}: a running rollout, through the deployer's HTTP API. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Follow and steer rollouts through the deployer's HTTP API.",
        subcommands = {dev.tailtalos.cli.config.RolloutStartCommand.class, RolloutCommand.Status.class, RolloutCommand.Pause.class, RolloutCommand.Resume.class,
                RolloutCommand.Abort.class, RolloutCommand.Promote.class})
public class RolloutCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every rollout subcommand takes. */
    static class DeployerOptions {
        @Option(names = "--deployer", paramLabel = "URL",
                description = "The deployer's HTTP API (default: $TAILTALOS_DEPLOYER or http://127.0.0.1:8073).")
        String deployer;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
                description = "text (default) or json.")
        String output;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "File holding the deployer API's bearer token (default: $TAILTALOS_DEPLOYER_TOKEN_FILE).")
        java.nio.file.Path tokenFile;

        DeployerApi api() {
            String url = deployer != null ? deployer : System.getenv().getOrDefault("TAILTALOS_DEPLOYER",
                    "http://127.0.0.1:8073");
            java.nio.file.Path file = tokenFile != null ? tokenFile
                    : System.getenv("TAILTALOS_DEPLOYER_TOKEN_FILE") == null ? null
                    : java.nio.file.Path.of(System.getenv("TAILTALOS_DEPLOYER_TOKEN_FILE"));
            String token = null;
            if (file != null) {
                try {
                    token = java.nio.file.Files.readString(file).strip();
                } catch (java.io.IOException e) {
                    throw new DeployerApi.DeployerApiException("cannot read the deployer token file " + file + ": "
                            + e.getMessage());
                }
            }
            return new DeployerApi(url, token);
        }

        boolean json() {
            if (!output.equals("text") && !output.equals("json")) {
                throw new DeployerApi.DeployerApiException("--output: '" + output + "' is not text or json");
            }
            return output.equals("json");
        }
    }

    abstract static class Base implements Callable<Integer> {
        @Mixin
        DeployerOptions options;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                return run(spec.commandLine().getOut());
            } catch (DeployerApi.DeployerApiException e) {
                spec.commandLine().getErr().println("tailtalos rollout " + spec.name() + ": " + e.getMessage());
                return 1;
            }
        }

        abstract int run(PrintWriter out);
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show one rollout with every node's state and what it waits for, or list all rollouts.")
    static class Status extends Base {
        @Parameters(arity = "0..1", paramLabel = "ROLLOUT", description = "Rollout id; omit to list all.")
        String rolloutId;

        @Option(names = {"-f", "--follow"}, description = "Follow ROLLOUT with a progress bar until it finishes; "
                + "exit 0 when it COMPLETED, 1 otherwise (json: one status per line as it changes).")
        boolean follow;

        @Option(names = "--interval", defaultValue = "PT1S", paramLabel = "DURATION",
                description = "How often --follow asks the deployer (ISO-8601, default ${DEFAULT-VALUE}).")
        java.time.Duration interval;

        @Override
        int run(PrintWriter out) {
            DeployerApi api = options.api();
            boolean json = options.json();
            if (follow) {
                if (rolloutId == null) {
                    throw new DeployerApi.DeployerApiException("--follow needs a ROLLOUT id");
                }
                return follow(api, json, out, Terminal.stdout());
            }
            if (rolloutId == null) {
                List<RolloutStatus> all = api.list();
                if (json) {
                    out.println("[" + String.join(",", all.stream().map(RolloutCommand::json).toList()) + "]");
                } else if (all.isEmpty()) {
                    out.println("no rollouts");
                } else {
                    out.printf("%-14s %-10s %-8s %-8s %s%n", "ROLLOUT", "STATE", "HEALTHY", "WAVE", "REASON");
                    for (RolloutStatus s : all) {
                        out.printf("%-14s %-10s %-8s %-8s %s%n", s.getRolloutId(), state(s),
                                s.getNodesHealthy() + "/" + s.getNodesTotal(),
                                s.getCurrentWave() + "/" + s.getWavesTotal(), s.getReason());
                    }
                }
            } else {
                RolloutStatus s = api.get(rolloutId);
                if (json) {
                    out.println(json(s));
                } else {
                    print(s, out);
                }
            }
            out.flush();
            return 0;
        }

        private int follow(DeployerApi api, boolean json, PrintWriter out, Terminal terminal) {
            return followLoop(() -> api.get(rolloutId), interval, json, out, terminal);
        }
    }

    /** Polls until the rollout leaves RUNNING; a bar redrawn in place on a terminal, a line per change otherwise. */
    static int followLoop(java.util.function.Supplier<RolloutStatus> poll, java.time.Duration interval, boolean json,
                          PrintWriter out, Terminal terminal) {
        String last = "";
        while (true) {
            RolloutStatus s = poll.get();
            String line = json ? json(s) : progressLine(s, terminal);
            if (!line.equals(last)) {
                out.print(json ? line + System.lineSeparator() : terminal.redraw(line));
                out.flush();
                last = line;
            }
            if (!s.getState().equals("RUNNING")) {
                if (!json) {
                    if (terminal.interactive()) {
                        out.println();
                    }
                    print(s, out);
                }
                out.flush();
                return s.getState().equals("COMPLETED") ? 0 : 1;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    static String progressLine(RolloutStatus s, Terminal terminal) {
        String waiting = s.getNodesList().stream().filter(n -> !n.getWaitReason().isEmpty()).findFirst()
                .map(n -> "  " + n.getNodeId() + ": " + n.getWaitReason()).orElse("");
        return s.getRolloutId() + " " + terminal.state(state(s)) + " "
                + terminal.bar(s.getNodesHealthy(), s.getNodesFailed(), s.getNodesTotal(), 24, "healthy")
                + "  wave " + s.getCurrentWave() + "/" + s.getWavesTotal() + waiting;
    }

    static void print(RolloutStatus s, PrintWriter out) {
        out.printf("rollout %s %s: %d/%d nodes healthy, %d failed, wave %d of %d, mode %s, max parallel %d, "
                        + "max failures %d%n", s.getRolloutId(), state(s), s.getNodesHealthy(), s.getNodesTotal(),
                s.getNodesFailed(), s.getCurrentWave(), s.getWavesTotal(), s.getApplyMode(), s.getMaxParallel(),
                s.getMaxFailures());
        if (!s.getReason().isEmpty()) {
            out.println("  " + s.getReason());
        }
        if (s.hasHealthTimeout()) {
            out.printf("  policy: health timeout %s, progress deadline %s, rollback on failure %s, try timeout %s, "
                            + "upgrade timeout %s, start paused %s, on conflict %s, strategy %s%n",
                    goDuration(s.getHealthTimeout()), goDuration(s.getProgressDeadline()), s.getRollbackOnFailure(),
                    goDuration(s.getTryTimeout()), goDuration(s.getUpgradeTimeout()), s.getStartPaused(),
                    s.getOnConflict(), s.getStrategy());
        }
        if (!s.getSupersededBy().isEmpty()) {
            out.println("  superseded by rollout " + s.getSupersededBy());
        }
        if (s.getQueuedBehindCount() > 0) {
            out.println("  queued behind rollout " + String.join(", ", s.getQueuedBehindList()));
        }
        for (NodeStatus n : s.getNodesList()) {
            out.printf("  %-12s %-12s %s%s%n", n.getNodeId(), n.getState(),
                    n.getWaitReason().isEmpty() ? n.getReason() : n.getWaitReason(),
                    n.getLease().isEmpty() ? "" : "  [lease: " + n.getLease() + "]");
        }
    }

    private static String goDuration(com.google.protobuf.Duration d) {
        return dev.tailtalos.common.rollout.PolicyDurations.format(dev.tailtalos.common.events.EventEnvelopes.duration(d));
    }

    private static String state(RolloutStatus s) {
        return s.getState() + (s.getPaused() ? " (paused)" : "");
    }

    static String json(RolloutStatus s) {
        try {
            return JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace().print(s);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    abstract static class Control extends Base {
        @Parameters(paramLabel = "ROLLOUT", description = "Rollout id.")
        String rolloutId;

        @Option(names = "--reason", defaultValue = "", description = "Why; recorded in the audit log.")
        String reason;

        @Option(names = "--by", description = "Who asks (default: $USER).")
        String by;

        abstract String command();

        @Override
        int run(PrintWriter out) {
            DeployerApi api = options.api();
            String who = by != null ? by : System.getProperty("user.name", "cli");
            String eventId = api.command(rolloutId, command(), who, reason);
            if (options.json()) {
                try {
                    out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                            java.util.Map.of("rollout_id", rolloutId, "command", command(), "event_id", eventId)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                out.printf("%s sent to rollout %s (event %s)%n", command(), rolloutId, eventId);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Start no further node; nodes in flight finish their step.")
    static class Pause extends Control {
        String command() {
            return "pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Continue a paused rollout.")
    static class Resume extends Control {
        String command() {
            return "resume";
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true, description = "Stop the rollout for good.")
    static class Abort extends Control {
        String command() {
            return "abort";
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Resume and count the nodes now waiting for health as healthy.")
    static class Promote extends Control {
        String command() {
            return "promote";
        }
    }
}
