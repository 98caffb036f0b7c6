package dev.tailtalos.deployer.it;

import dev.tailtalos.common.crypto.Sha256;
import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.deployer.adapters.CosiConfigReader;
import dev.tailtalos.deployer.adapters.DryRunConfigReader;
import dev.tailtalos.deployer.adapters.TalosNodeCalls;
import dev.tailtalos.deployer.domain.ApplyMode;
import dev.tailtalos.deployer.domain.NodeConfigReader.Match;
import dev.tailtalos.deployer.domain.NodeConfigReader.ReadBack;
import dev.tailtalos.deployer.domain.NodeEndpoint;
import dev.tailtalos.sim.NodeSimulator;
import dev.tailtalos.sim.NodeSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The COSI read-back against a simulated node over mTLS, and its dry-run fallback when the node refuses COSI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CosiConfigReaderTest {
    private NodeSimulator sim;
    private TalosNodeCalls admin;
    private TalosNodeCalls reader;
    private NodeEndpoint endpoint;

    @BeforeAll
    void start() throws Exception {
        sim = new NodeSimulator(List.of(new NodeSpec("c1", "127.0.45.1", 0)));
        sim.start();
        admin = new TalosNodeCalls(sim.adminCredentials(), DialPolicy.loopbackOnly(), Duration.ofSeconds(10), 4,
                Duration.ofSeconds(1));
        reader = new TalosNodeCalls(sim.credentials(List.of("os:reader")), DialPolicy.loopbackOnly(),
                Duration.ofSeconds(10), 4, Duration.ofSeconds(1));
        endpoint = new NodeEndpoint(sim.endpoint("c1"), NodeEndpoint.Path.LAN, "test");
    }

    @AfterAll
    void stop() {
        admin.close();
        reader.close();
        sim.close();
    }

    @Test
    void theMachineConfigResourceHoldsTheAppliedBytesSoItsDigestDecides() {
        byte[] config = DeployerFixture.config("c1", "cosi");
        CosiConfigReader cosi = new CosiConfigReader(admin, new DryRunConfigReader(admin));
        assertThat(cosi.readBack("c1", endpoint, config, Sha256.hex(config)).match())
                .as("the node has no config yet").isEqualTo(Match.DIFFERENT);
        admin.apply("c1", endpoint, config, ApplyMode.AUTO, false, null);
        ReadBack same = cosi.readBack("c1", endpoint, config, Sha256.hex(config));
        assertThat(same.match()).isEqualTo(Match.SAME);
        assertThat(same.source()).isEqualTo("COSI MachineConfig sha256");
        byte[] other = DeployerFixture.config("c1", "other");
        assertThat(cosi.readBack("c1", endpoint, other, Sha256.hex(other)).match()).isEqualTo(Match.DIFFERENT);
        assertThat(cosi.refused()).isEmpty();
    }

    @Test
    void aNodeThatRefusesTheResourceIsAskedByDryRunFromThenOn() {
        byte[] config = DeployerFixture.config("c1", "fallback");
        admin.apply("c1", endpoint, config, ApplyMode.AUTO, false, null);
        // os:reader may not read the sensitive MachineConfig type: PermissionDenied from the node.
        CosiConfigReader cosi = new CosiConfigReader(reader, new DryRunConfigReader(admin));
        ReadBack first = cosi.readBack("c1", endpoint, config, Sha256.hex(config));
        assertThat(first.match()).isEqualTo(Match.SAME);
        assertThat(first.source()).isEqualTo("dry-run diff (COSI refused: PERMISSION_DENIED)");
        assertThat(cosi.refused()).containsEntry(endpoint.address(), "PERMISSION_DENIED");
        byte[] other = DeployerFixture.config("c1", "other");
        ReadBack next = cosi.readBack("c1", endpoint, other, Sha256.hex(other));
        assertThat(next.match()).isEqualTo(Match.DIFFERENT);
        assertThat(next.source()).isEqualTo("dry-run diff");
        assertThat(next.autoDryRun()).as("the dry run doubles as the reboot classification").isNotNull();
    }
}
