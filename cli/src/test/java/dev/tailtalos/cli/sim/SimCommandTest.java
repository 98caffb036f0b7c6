package dev.tailtalos.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimCommandTest {

    @TempDir
    Path dir;

    @Test
    void nodesBelowOneAreAUsageError() {
        for (String nodes : new String[] {"0", "-1"}) {
            StringWriter err = new StringWriter();
            int code = new CommandLine(new SimCommand()).setErr(new PrintWriter(err))
                    .execute("--nodes", nodes, "--talosconfig-out", dir.resolve("tc").toString());

            assertThat(code).as("--nodes %s", nodes).isEqualTo(2);
            assertThat(err.toString()).contains("--nodes must be at least 1, not " + nodes);
        }
    }

    @Test
    void aTakenPortIsAClearErrorNotAnotherPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.79.1"))) {
            SimCommand command = new SimCommand();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
            int code = new CommandLine(command).execute("--nodes", "1", "--base-address", "127.0.79.1", "--port",
                    String.valueOf(taken.getLocalPort()), "--talosconfig-out", dir.resolve("tc").toString());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: cannot start the simulated nodes: "
                    + "listen tcp 127.0.79.1:" + taken.getLocalPort() + ": ", "--port 0");
            assertThat(dir.resolve("tc")).doesNotExist();
        }
    }

    @Test
    void maintenanceModeFirstUnlessConfigured() {
        SimCommand fresh = new SimCommand();
        new CommandLine(fresh).parseArgs("--nodes", "1", "--talosconfig-out", "tc");
        SimCommand configured = new SimCommand();
        new CommandLine(configured).parseArgs("--nodes", "1", "--talosconfig-out", "tc", "--configured");

        assertThat(fresh.nodeOptions().maintenance()).isTrue();
        assertThat(configured.nodeOptions().maintenance()).isFalse();
    }
}
