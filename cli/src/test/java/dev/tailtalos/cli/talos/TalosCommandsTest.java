package dev.tailtalos.cli.talos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailtalos.cli.TailtalosCli;
import dev.tailtalos.sim.NodeSimulator;
import dev.tailtalos.sim.NodeSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/** `tailtalos talos …` against simulated nodes, with a talosconfig written by the simulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TalosCommandsTest {

    private Path dir;
    private NodeSimulator simulator;
    private Path talosconfig;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("talos-cli-test");
        simulator = new NodeSimulator(List.of(new NodeSpec("t-1", "127.0.34.1", 0), new NodeSpec("t-2", "127.0.34.2", 0)));
        simulator.start();
        talosconfig = dir.resolve("talosconfig");
        simulator.writeTalosconfig(talosconfig, "sim");
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "version: v1alpha1\nmachine:\n  type: worker\n  certSANs: []\ncluster:\n"
                + "  clusterName: lab\n---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\n"
                + "environment:\n  - TS_AUTHKEY=tskey-auth-kCli-1\n");
    }

    @AfterAll
    void stop() {
        simulator.close();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
    }

    private String[] run(int expectedCode, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] full = new String[args.length + 3];
            full[0] = "talos";
            System.arraycopy(args, 0, full, 1, args.length);
            full[args.length + 1] = "--talosconfig";
            full[args.length + 2] = talosconfig.toString();
            code = new CommandLine(new TailtalosCli()).execute(full);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        String[] result = {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        assertThat(code).as(String.join("\n", result)).isEqualTo(expectedCode);
        return result;
    }

    @Test
    void applyThenInspectLikeTalosctl() {
        String[] apply = run(0, "apply-config", "-f", dir.resolve("config.yaml").toString(), "-n", "127.0.34.1,t-2");
        assertThat(apply[1]).contains("Applied configuration without a reboot");
        assertThat(simulator.node("t-2").applyCount()).isEqualTo(1);

        String version = run(0, "version", "-n", "127.0.34.1")[0];
        assertThat(version).contains("NODE:        127.0.34.1", "Tag:         v1.10.4", "Enabled:     RBAC");

        String services = run(0, "service", "-n", "127.0.34.1")[0];
        assertThat(services.lines().findFirst().orElseThrow())
                .matches("NODE\\s+SERVICE\\s+STATE\\s+HEALTH\\s+LAST CHANGE\\s+LAST EVENT");
        assertThat(services).containsPattern("127\\.0\\.34\\.1\\s+ext-tailscale\\s+Running\\s+OK");

        String extensions = run(0, "get", "extensionstatus", "-n", "127.0.34.1")[0];
        assertThat(extensions).containsPattern("NODE\\s+NAMESPACE\\s+TYPE\\s+ID\\s+VERSION\\s+NAME\\s+VERSION")
                .containsPattern("runtime\\s+ExtensionStatus\\s+0\\s+1\\s+tailscale\\s+1\\.84\\.3");
        assertThat(run(0, "get", "mc", "-o", "yaml", "-n", "127.0.34.1")[0]).contains("kind: ExtensionServiceConfig");

        String logs = run(0, "logs", "ext-tailscale", "-n", "127.0.34.1", "--tail", "1")[0];
        assertThat(logs.lines()).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("127.0.34.1: boot: "));

        assertThat(run(0, "service", "ext-tailscale", "restart", "-n", "t-2")[0])
                .containsPattern("t-2\\s+Service \"ext-tailscale\" restarted");
        assertThat(run(0, "read", "/proc/sys/kernel/random/boot_id", "-n", "t-2")[0])
                .isEqualTo(simulator.node("t-2").bootId() + "\n");
    }

    @Test
    void errorsAreReportedPerNode() {
        String[] failed = run(1, "version", "-n", "127.0.34.99");
        assertThat(failed[1]).contains("127.0.34.99").contains("Unavailable");
        assertThat(run(1, "get", "nosuchthing", "-n", "127.0.34.1")[1]).contains("is not registered");
    }
}
