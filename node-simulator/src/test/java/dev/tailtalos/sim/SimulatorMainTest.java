package dev.tailtalos.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void consecutiveLoopbackAddresses() {
        SimulatorMain.Options options = SimulatorMain.parse(new String[] {"--nodes", "3", "--base-address",
                "127.0.10.254", "--talosconfig-out", "/tmp/x", "--port", "0"});

        List<NodeSpec> specs = SimulatorMain.specs(options);

        assertThat(specs).extracting(NodeSpec::bindAddress).containsExactly("127.0.10.254", "127.0.10.255", "127.0.11.0");
        assertThat(specs).extracting(NodeSpec::hostname).containsExactly("talos-sim-1", "talos-sim-2", "talos-sim-3");
        assertThat(options.talosVersion()).isEqualTo("v1.10.4");
    }

    @Test
    void refusesNonLoopbackBaseAddress() {
        SimulatorMain.Options options = SimulatorMain.parse(new String[] {"--nodes", "1", "--base-address",
                "192.168.1.10", "--talosconfig-out", "/tmp/x"});

        assertThatThrownBy(() -> SimulatorMain.specs(options)).hasMessageContaining("192.168.1.10")
                .hasMessageContaining("loopback");
    }

    @Test
    void refusesRangeRunningOutOfLoopback() {
        SimulatorMain.Options options = SimulatorMain.parse(new String[] {"--nodes", "2", "--base-address",
                "127.255.255.255", "--talosconfig-out", "/tmp/x"});

        assertThatThrownBy(() -> SimulatorMain.specs(options)).hasMessageContaining("128.0.0.0");
    }

    @Test
    void missingOptionsAreReported() {
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--nodes", "1"}))
                .hasMessageContaining("--base-address");
    }
}
