package dev.tailtalos.cli.mtu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.monitor.adapters.LargePayloadProbe;
import dev.tailtalos.monitor.domain.HealthVerdict.Check;
import dev.tailtalos.monitor.domain.HealthVerdict.Result;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The monitor's large-payload probe on a real path-MTU black hole (see {@link NetnsLab}): a {@code tailtalos sim}
 * process runs inside the node namespace, without any simulated fault; this JVM probes it over the LAN and over the
 * black-holed path. Runs as root where {@code ip netns} works (tag {@code netns}, run by .ci/run); fails without them.
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PathMtuBlackholeLabTest {
    private NetnsLab lab;
    private Process sim;
    private Path dir;
    private TalosCredentials credentials;
    private String lan;
    private String tailnet;
    private final List<String> simOutput = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        lab = NetnsLab.create();
        dir = Files.createTempDirectory("tailtalos-mtu-lab-");
        Path talosconfig = dir.resolve("talosconfig");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // one node listening on every address of the node namespace (allowed only inside a namespace of its own)
        sim = new ProcessBuilder(lab.inNode(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.tailtalos.cli.TailtalosCli", "sim", "--configured", "--nodes", "1", "--base-address", "0.0.0.0", "--port",
                "50000", "--talosconfig-out", talosconfig.toString()))).redirectErrorStream(true).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.startsWith("running until stopped")) {
            simOutput.add(line);
        }
        assertThat(line).as("the sim in the node namespace started: " + simOutput).isNotNull();
        Thread drain = new Thread(() -> reader.lines().forEach(simOutput::add), "sim-output");
        drain.setDaemon(true);
        drain.start();
        credentials = TalosConfig.readCredentials(talosconfig);
        lan = lab.lanAddress + ":50000";
        tailnet = lab.tailnetAddress + ":50000";
        // the node names both of its addresses in its certificate because its applied config says so
        try (TalosClient client = TalosClient.builder(lan).credentials(credentials).dialPolicy(DialPolicy.any())
                .tlsServerName("talos-sim-1").build()) {
            client.applyConfiguration(("version: v1alpha1\nmachine:\n  type: worker\n  certSANs: [" + lab.lanAddress
                    + ", " + lab.tailnetAddress + "]\n").getBytes(StandardCharsets.UTF_8),
                    ApplyConfigurationRequest.Mode.NO_REBOOT, false, null);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (sim != null) {
            sim.destroy();
            if (!sim.waitFor(10, TimeUnit.SECONDS)) {
                sim.destroyForcibly();
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void smallCallsPassTheBlackHoleButTheLargePayloadProbeStallsAndNamesIt() {
        try (TalosClient client = TalosClient.builder(tailnet).credentials(credentials).dialPolicy(DialPolicy.any())
                .callTimeout(Duration.ofSeconds(10)).build()) {
            assertThat(client.version().getVersion().getTag()).as("a small reply fits under the hop's MTU")
                    .isEqualTo("v1.10.4");
        }

        Check check = probe().check("lab-node", lan, tailnet, true);

        assertThat(check.result()).as(check.toString()).isEqualTo(Result.FAIL);
        assertThat(check.detail()).contains("a path-MTU blackhole on the tailnet", "deadline passed",
                "ms deadline (max of floor");
        assertThat(check.recommendation()).contains("TS_DEBUG_MTU");
        System.out.println("black hole: " + check.detail());
    }

    @Test
    @Order(2)
    void onACleanPathTheSameProbePasses() throws Exception {
        lab.dropFragmentationNeeded(false);   // the hop reports its MTU again: path MTU discovery works

        Check check = probe().check("lab-node", lan, tailnet, true);

        assertThat(check.result()).as(check.toString()).isEqualTo(Result.PASS);
        assertThat(check.detail()).contains("bytes streamed over the tailnet");
        System.out.println("clean path: " + check.detail());
    }

    private LargePayloadProbe probe() {
        return new LargePayloadProbe(credentials, DialPolicy.any(), new LargePayloadProbe.Settings("/proc/kallsyms",
                Duration.ofSeconds(2), Duration.ZERO), Clock.systemUTC());
    }
}
