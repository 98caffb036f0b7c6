package dev.tailtalos.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo's printed command with the real talosctl v1.10.4: over each node's tailnet address, certificate verified,
 * once the loop has rolled out the tailnet cert SANs.
 * Needs the real talosctl ($TALOSCTL, else /var/cache/tailtalos/talosctl-v1.10.4, else talosctl on PATH).
 */
@Tag("real-tools")
class RealTalosctlOverTailnetTest {

    @Test
    void thePrintedTalosctlCommandWorksOverTheTailnetAddress() throws Exception {
        String talosctl = talosctl();
        Path data = Files.createTempDirectory("tailtalos-real-talosctl-");
        Files.createDirectories(data.resolve("logs"));
        DemoCommand.configureLogging(data.resolve("logs"));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedStack.Options(data, Path.of("../examples/homelab"),
                null, "127.0.21.1"), out)) {
            String rollout = stack.requestRollout("real-talosctl-test", "real talosctl over the tailnet");
            try (RolloutWatcher watcher = new RolloutWatcher(stack.bootstrapServers(), rollout, out)) {
                assertThat(watcher.finalStatus().get(120, TimeUnit.SECONDS).getState()).as(progress.toString())
                        .isEqualTo("COMPLETED");
            }
            List<TailnetLoop.Node> loop = TailnetLoop.await(stack, System.nanoTime() + TimeUnit.MINUTES.toNanos(3), out,
                    new dev.tailtalos.cli.Terminal(false, false));
            assertThat(loop).hasSize(3);
            Path talosconfig = data.resolve("talos/talosconfig");
            for (TailnetLoop.Node node : loop) {
                String command = node.talosctl(talosconfig).orElseThrow(() -> new AssertionError(node + "\n" + progress));
                List<String> argv = new ArrayList<>(Arrays.asList(command.split(" ")));
                argv.set(0, talosctl);
                Result ran = run(argv);
                assertThat(ran.code()).as(command + "\n" + ran.output()).isZero();
                assertThat(ran.output()).contains("NODE:", node.device().orElseThrow().tailscaleAddress(), "v1.10.4");
            }
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(data);
        }
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(argv + " did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private static String talosctl() {
        String env = System.getenv("TALOSCTL");
        if (env != null && !env.isBlank()) {
            return env;
        }
        Path cached = Path.of("/var/cache/tailtalos/talosctl-v1.10.4");
        if (Files.isExecutable(cached)) {
            return cached.toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "talosctl"))) {
                return Path.of(dir, "talosctl").toString();
            }
        }
        throw new AssertionError("the real talosctl is needed: set TALOSCTL or build it (docs/demo.md)");
    }
}
