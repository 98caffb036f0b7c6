package dev.tailtalos.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken inputs as a user types them, run through the command tree {@code ./tailtalos} runs: each gets the documented
 * exit code (1 failure, 2 usage error or unreadable input), a message that names what was wrong, and no stack trace.
 */
class BrokenInputCorpusTest {

    @TempDir
    static Path dir;

    record Case(String name, int exitCode, String namesInput, String... args) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void inputs() throws IOException {
        Files.writeString(dir.resolve("bad-talosconfig"), "context: [unclosed\n");
        Files.writeString(dir.resolve("plain.yaml"), "hello: world\n");
        Files.writeString(dir.resolve("not-json.jsonl"), "this is not an audit export\n");
        Files.write(dir.resolve("binary.jsonl"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28});
        Files.writeString(dir.resolve("node.yaml"), "version: v1alpha1\n");
        Files.writeString(dir.resolve("existing-bundle.yaml"), "cluster: {}\n");
        Files.createDirectories(dir.resolve("bad-yaml-repo"));
        Files.writeString(dir.resolve("bad-yaml-repo/talconfig.yaml"), "clusterName: a\nnodes:\n  - hostname: [\n");
    }

    static Stream<Case> corpus() {
        String tc = dir.resolve("bad-talosconfig").toString();
        return Stream.of(
                new Case("mistyped subcommand", 2, "rollout status", "rollout", "stat"),
                new Case("unknown top-level command", 2, "nosuch", "nosuch"),
                new Case("mistyped flag", 2, "--strict", "render", "--stirct", "x"),
                new Case("unknown output format", 2, "xml", "render", "--output", "xml", "x"),
                new Case("talosconfig that is not YAML", 2, "bad-talosconfig", "talos", "version", "--talosconfig", tc,
                        "-n", "127.0.0.1"),
                new Case("talosconfig that does not exist", 2, "/nowhere/talosconfig", "talos", "version",
                        "--talosconfig", "/nowhere/talosconfig"),
                new Case("unknown apply mode", 2, "fast", "talos", "apply-config", "-m", "fast", "-f",
                        dir.resolve("node.yaml").toString(), "-n", "127.0.0.1", "--talosconfig", tc),
                new Case("config file that does not exist", 2, "/nowhere/node.yaml", "talos", "apply-config", "-f",
                        "/nowhere/node.yaml", "-n", "127.0.0.1", "--talosconfig", tc),
                new Case("get without a resource type", 2, "<type>", "talos", "get"),
                new Case("read without a path", 2, "<path>", "talos", "read"),
                new Case("nodes flag without a value", 2, "--nodes", "talos", "version", "--talosconfig", tc, "-n"),
                new Case("deployer URL without a scheme", 2, "not-a-url", "rollout", "status", "--deployer", "not-a-url"),
                new Case("deployer URL of another scheme", 2, "ftp://deployer", "rollout", "status", "--deployer",
                        "ftp://deployer"),
                new Case("follow interval that is no duration", 2, "soon", "rollout", "status", "r", "--interval", "soon"),
                new Case("secrets server that is no URL", 2, "not-a-url", "secrets", "list", "--server", "not-a-url",
                        "--token-file", dir.resolve("plain.yaml").toString()),
                new Case("secrets import without a path", 2, "<path>", "secrets", "import"),
                new Case("audit export that does not exist", 2, "/nowhere/audit.jsonl", "audit", "verify",
                        "/nowhere/audit.jsonl"),
                new Case("audit export that is binary", 2, "binary.jsonl", "audit", "verify",
                        dir.resolve("binary.jsonl").toString()),
                new Case("audit export that is not JSON", 1, "not JSON", "audit", "verify",
                        dir.resolve("not-json.jsonl").toString()),
                new Case("audit search since no time", 2, "yesterday", "audit", "search", "--since", "yesterday"),
                new Case("audit tail with a word for a count", 2, "many", "audit", "tail", "-n", "many"),
                new Case("sops file that does not exist", 2, "/nowhere/secret.sops.yaml", "sops", "decrypt",
                        "/nowhere/secret.sops.yaml"),
                new Case("sops decrypt of a plain file", 1, "plain.yaml", "sops", "decrypt",
                        dir.resolve("plain.yaml").toString()),
                new Case("schematic with a mistyped extension", 2, "siderolabs/tailscale", "schematic", "--extension",
                        "siderolabs/tailscal"),
                new Case("completion for an unknown shell", 2, "tcsh", "completion", "tcsh"),
                new Case("bench with a negative node count", 2, "--nodes", "bench", "rollout", "--nodes", "-1"),
                new Case("demo timeout that is no duration", 2, "fast", "demo", "--timeout", "fast"),
                new Case("simulated nodes off loopback", 2, "10.0.0.1", "sim", "--nodes", "1", "--base-address",
                        "10.0.0.1", "--talosconfig-out", dir.resolve("sim-talosconfig").toString()),
                new Case("gensecret over an existing bundle", 1, "existing-bundle.yaml", "gensecret", "-o",
                        dir.resolve("existing-bundle.yaml").toString()),
                new Case("render of a repo directory that does not exist", 1, "/nowhere/repo", "render", "/nowhere/repo"),
                new Case("lint of a talconfig.yaml that does not exist", 1, "/nowhere", "lint", "/nowhere/talconfig.yaml"),
                new Case("talconfig.yaml that is not YAML", 1, "talconfig.yaml:4", "render",
                        dir.resolve("bad-yaml-repo").toString(), "--out", dir.resolve("out").toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedClearly(Case input) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StringWriter written = new StringWriter();
        int code;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            CommandLine cli = TailtalosCli.newCommandLine();
            cli.setOut(new PrintWriter(written, true));
            cli.setErr(new PrintWriter(written, true));
            code = cli.execute(input.args());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String output = printed.toString(StandardCharsets.UTF_8) + written;
        assertThat(code).as("exit code of %s\n%s", Arrays.toString(input.args()), output).isEqualTo(input.exitCode());
        assertThat(output).as("names the input").contains(input.namesInput());
        assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @org.junit.jupiter.api.Test
    void theCorpusIsLargeEnough() {
        assertThat(corpus().map(Case::name).distinct().toList()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(List.of(1, 2)).containsAll(corpus().map(Case::exitCode).distinct().toList());
    }
}
