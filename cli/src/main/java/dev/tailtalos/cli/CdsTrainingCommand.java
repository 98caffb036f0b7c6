package dev.tailtalos.cli;

import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.sim.NodeSimulator;
import dev.tailtalos.sim.NodeSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's class-data sharing archive: it does what a one-shot command does (parse,
 * read a talosconfig, open an mTLS channel, call a node, print) against one simulated node on an ephemeral loopback
 * port, so the JVM that runs it with -XX:ArchiveClassesAtExit records the classes a later `talos version` needs.
 */
@Command(name = "cds-training", hidden = true, description = "Training run for the launcher's class-data archive.")
public class CdsTrainingCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("tailtalos-cds");
        try (NodeSimulator node = new NodeSimulator(List.of(new NodeSpec("cds-1", "127.0.0.1", 0)),
                CertificateAuthority.generateOsCa(), "v1.10.4")) {
            node.start();
            Path talosconfig = dir.resolve("talosconfig");
            node.writeTalosconfig(talosconfig, "cds");
            String endpoint = node.endpoint("cds-1");
            run("talos", "version", "--talosconfig", talosconfig.toString(), "-e", endpoint, "-n", "127.0.0.1");
            run("talos", "get", "addresses", "--talosconfig", talosconfig.toString(), "-e", endpoint, "-n", "127.0.0.1");
            run("talos", "service", "--talosconfig", talosconfig.toString(), "-e", endpoint, "-n", "127.0.0.1");
            run("--help");
            run("rollout", "status", "--help");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static void run(String... args) {
        CommandLine cli = new CommandLine(new TailtalosCli());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(new StringWriter()));
        cli.execute(args);
    }
}
