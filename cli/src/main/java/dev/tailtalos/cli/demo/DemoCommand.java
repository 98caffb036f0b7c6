package dev.tailtalos.cli.demo;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.cli.GoDurationConverter;
import dev.tailtalos.cli.Terminal;
import dev.tailtalos.common.audit.AuditChainVerifier;
import dev.tailtalos.common.audit.AuditExport;
import dev.tailtalos.common.audit.AuditFileVerifier;
import dev.tailtalos.common.files.PrivateFiles;
import dev.tailtalos.proto.events.v1.AuditRecord;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs tailtalos end to end on this machine: an in-process KRaft Kafka broker, the four services,",
                "local encrypted custody and simulated Talos nodes on loopback addresses, then a rollout of the",
                "example cluster repo. Exits 0 when the rollout COMPLETED, every node is healthy and every audit",
                "chain verifies."})
public class DemoCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Where everything the demo keeps goes (Kafka log dirs, keystore, logs, "
            + "audit export). Default: a fresh temporary directory.")
    Path dataDir;

    @Option(names = "--repo", description = "Cluster repo to roll out. Default: examples/homelab of this checkout.")
    Path repo;

    @Option(names = "--keep-running", description = "Leave the broker, services and nodes up after the rollout.")
    boolean keepRunning;

    @Option(names = "--timeout", defaultValue = "3m", converter = GoDurationConverter.class,
            description = "How long the rollout and the tailnet loop may take (e.g. 3m, 90s, 1m30s; ISO-8601 also "
                    + "accepted; default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--authkey-lifetime", defaultValue = "2160h", converter = GoDurationConverter.class,
            description = "Expiry of the Tailscale auth key the demo imports, from now (default ${DEFAULT-VALUE}, 90 days,"
                    + " the longest Tailscale allows).")
    Duration authKeyLifetime;

    @Option(names = "--base-address", defaultValue = "127.0.10.1",
            description = "Loopback address of the first simulated node; the others follow (default ${DEFAULT-VALUE}).")
    String baseAddress;

    @Option(names = {"-o", "--output"}, defaultValue = "text",
            description = "text (default) or json: progress goes to stderr, a JSON summary to stdout.")
    String output;

    @Override
    public Integer call() throws Exception {
        if (!output.equals("text") && !output.equals("json")) {
            System.err.println("demo: --output: '" + output + "' is not text or json");
            return 2;
        }
        boolean json = output.equals("json");
        PrintStream stdout = System.out;
        if (json) {
            System.setOut(System.err);   // the broker and libraries print to stdout too; only the summary goes there
        }
        try {
            return run(json, json ? System.err : stdout, stdout);
        } finally {
            System.setOut(stdout);
        }
    }

    private int run(boolean json, PrintStream out, PrintStream stdout) throws Exception {
        PrivateFiles.restrictUmask();
        Path data = PrivateFiles.createDirectories(dataDir != null ? dataDir : Files.createTempDirectory("tailtalos-demo-"));
        configureLogging(data.resolve("logs"));
        Path clusterRepo = repo != null ? repo : defaultRepo();
        String authKey = System.getenv("TAILTALOS_DEMO_AUTHKEY");
        boolean generated = authKey == null || authKey.isBlank();
        if (generated) {
            authKey = null;   // the simulated tailnet issues one
        }
        Instant authKeyExpires = Instant.now().plus(authKeyLifetime);

        out.println("tailtalos demo");
        out.println("  data dir:     " + data.toAbsolutePath());
        out.println("  cluster repo: " + clusterRepo.toAbsolutePath());
        out.println("  auth key:     " + (generated ? "issued by the simulated tailnet (tskey-auth-…)"
                : "from TAILTALOS_DEMO_AUTHKEY") + ", imported into custody, expires " + authKeyExpires);
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedStack.Options(data, clusterRepo, authKey, baseAddress,
                Map.of(), Map.of(), authKeyExpires, true), out)) {
            out.printf("  · ready in %.1f s; Kafka at %s%n%n", (System.nanoTime() - t0) / 1e9, stack.bootstrapServers());
            String rolloutId = stack.requestRollout("demo", "tailtalos demo: roll out " + clusterRepo.getFileName());
            out.println("rollout " + rolloutId + " requested for cluster " + stack.clusterName());
            RolloutStatus status;
            Terminal terminal = json ? new Terminal(false, false) : Terminal.stdout();
            try (RolloutWatcher watcher = new RolloutWatcher(stack.bootstrapServers(), rolloutId, out, terminal)) {
                status = watcher.finalStatus().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                status = RolloutStatus.newBuilder().setRolloutId(rolloutId).setState("TIMED_OUT")
                        .setReason("no final status within " + timeout.toSeconds() + " s").build();
            }
            List<TailnetLoop.Node> loop = List.of();
            if (status.getState().equals("COMPLETED")) {
                out.println();
                out.println("tailnet loop: nodes joined the tailnet during the rollout; waiting for config-service to "
                        + "roll out their tailnet cert SANs");
                loop = TailnetLoop.await(stack, deadline, out, terminal);
            }

            List<AuditRecord> audit = stack.settledAuditRecords();
            Path export = data.resolve("audit/audit.jsonl");
            PrivateFiles.createDirectories(export.getParent());
            AuditExport.write(audit, export, Instant.now());
            AuditChainVerifier.Result verification = AuditChainVerifier.verify(audit);
            AuditFileVerifier.Report exported = AuditFileVerifier.verify(export);
            int total = Math.max(status.getNodesTotal(), stack.endpoints().size());
            Path talosconfig = data.resolve("talos/talosconfig").toAbsolutePath();
            boolean loopOk = !loop.isEmpty() && loop.stream().allMatch(n -> n.allPassed()
                    && n.healingState().equals("COMPLETED"));
            boolean ok = status.getState().equals("COMPLETED") && status.getNodesHealthy() == total
                    && verification.allIntact() && exported.intact() && !audit.isEmpty() && loopOk;
            LoopSummary.print(out, loop, talosconfig, stack.tailnet());

            out.println();
            out.println("audit log exported to " + export + " (" + audit.size() + " records; tailtalos audit verify: "
                    + (exported.intact() ? "intact" : "TAMPERED: " + exported.firstProblem()) + ")");
            for (AuditChainVerifier.ChainStatus chain : verification.chains()) {
                out.printf("  chain %-17s %3d records  %s%n", chain.producer(), chain.records(),
                        chain.intact() ? "verified" : "BROKEN: " + chain.firstProblem());
            }
            out.printf("%nRollout %s %s: %d/%d nodes healthy, %d audit records, audit chains %s (%d producers) in %.1f s%n",
                    rolloutId, status.getState(), status.getNodesHealthy(), total, audit.size(),
                    verification.allIntact() ? "verified" : "BROKEN", verification.chains().size(),
                    (System.nanoTime() - t0) / 1e9);
            if (!status.getReason().isEmpty() && !ok) {
                out.println("reason: " + status.getReason());
            }
            out.println(loopLine(loop));
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode summary = mapper.createObjectNode().put("ok", ok).put("rollout_id", rolloutId)
                        .put("state", status.getState()).put("reason", status.getReason())
                        .put("nodes_healthy", status.getNodesHealthy()).put("nodes_total", total)
                        .put("audit_records", audit.size()).put("audit_export", export.toString())
                        .put("audit_chains_verified", verification.allIntact())
                        .put("audit_export_intact", exported.intact())
                        .put("data_dir", data.toAbsolutePath().toString())
                        .put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
                summary.put("tailnet_loop_ok", loopOk);
                LoopSummary.json(summary.putArray("nodes"), loop, talosconfig);
                var chains = summary.putArray("audit_chains");
                for (AuditChainVerifier.ChainStatus chain : verification.chains()) {
                    chains.addObject().put("producer", chain.producer()).put("records", chain.records())
                            .put("intact", chain.intact()).put("problem", chain.intact() ? "" : String.valueOf(chain.firstProblem()));
                }
                stdout.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
                stdout.flush();
            }
            if (keepRunning) {
                out.println("--keep-running: broker at " + stack.bootstrapServers() + ", talosconfig at "
                        + data.resolve("talos/talosconfig") + ", deployer API at " + stack.deployerUrl()
                        + " (tailtalos rollout status --deployer " + stack.deployerUrl() + " --token-file "
                        + stack.deployerTokenFile() + "); audit API: tailtalos audit tail --monitor " + stack.monitorUrl()
                        + " --token-file " + stack.monitorReadTokenFile() + "; preview a change of the repo against what is sealed with"
                        + " tailtalos render REPO --diff --bootstrap-servers " + stack.bootstrapServers()
                        + " --seal-key-file " + data.resolve("keys/seal.key") + "; Ctrl-C to stop.");
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
                forever.await();
            }
            return ok ? 0 : 1;
        }
    }

    private static String loopLine(List<TailnetLoop.Node> loop) {
        if (loop.isEmpty()) {
            return "Tailnet loop: not run (the rollout did not complete)";
        }
        long verified = loop.stream().filter(n -> n.allPassed() && n.healingState().equals("COMPLETED")).count();
        String notes = String.join("; ", loop.stream().filter(n -> !n.allPassed() || !n.healingState().equals("COMPLETED"))
                .map(n -> n.node() + ": healing rollout " + n.healingState() + ", " + n.passed() + " of " + n.checks().size()
                        + " checks passed" + n.checks().stream().filter(c -> !c.getResult().equals("PASS"))
                        .map(c -> " [" + c.getName() + " " + c.getResult() + ": " + c.getDetail() + "]")
                        .reduce("", String::concat)).toList());
        return "Tailnet loop: " + verified + "/" + loop.size() + " nodes reachable over their tailnet address with "
                + "verified certificates, every check passed" + (notes.isEmpty() ? "" : "; " + notes);
    }

    private static Path defaultRepo() {
        String home = System.getProperty("tailtalos.home");
        Path base = home != null ? Path.of(home) : Path.of(".");
        return base.resolve("examples/homelab");
    }

    /** Logs of every part to files under {@code logDir} (0600 files in a 0700 directory). */
    static void configureLogging(Path logDir) {
        try {
            PrivateFiles.createDirectories(logDir);
            LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
            ctx.reset();
            ctx.putProperty("LOG_DIR", logDir.toAbsolutePath().toString());
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(ctx);
            configurator.doConfigure(DemoCommand.class.getResource("/tailtalos-demo-logback.xml"));
            PrivateFiles.restrictTree(logDir);
        } catch (Exception e) {
            System.err.println("tailtalos: could not configure logging under " + logDir + ": " + e.getMessage());
        }
    }
}
