package dev.tailtalos.deployer.domain;

import dev.tailtalos.deployer.domain.EndpointPolicy.TailnetView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointPolicyTest {
    @Test
    void tailnetWhenHealthyLanOtherwiseAndTheReasonIsKept() {
        assertThat(EndpointPolicy.choose("n", "lan:1", "ts:1", TailnetView.UNKNOWN, false, true))
                .isEqualTo(new NodeEndpoint("ts:1", NodeEndpoint.Path.TAILNET, "tailnet healthy"));
        assertThat(EndpointPolicy.choose("n", "lan:1", null, TailnetView.UNKNOWN, false, true).reason())
                .isEqualTo("no tailnet endpoint");
        TailnetView mtu = new TailnetView(null, "tailnet-mtu: 1400-byte probe stalled");
        assertThat(EndpointPolicy.choose("n", "lan:1", "ts:1", mtu, false, false).path())
                .isEqualTo(NodeEndpoint.Path.TAILNET);
        NodeEndpoint large = EndpointPolicy.choose("n", "lan:1", "ts:1", mtu, false, true);
        assertThat(large.address()).isEqualTo("lan:1");
        assertThat(large.reason()).contains("MTU").contains("1400-byte probe stalled");
        assertThat(EndpointPolicy.choose("n", "lan:1", "ts:1", TailnetView.UNKNOWN, true, false).reason())
                .contains("circuit open");
        assertThat(EndpointPolicy.choose("n", "lan:1", "ts:1", new TailnetView("tailnet: down", null), false,
                false).path()).isEqualTo(NodeEndpoint.Path.LAN);
        assertThat(EndpointPolicy.choose("n", null, "ts:1", new TailnetView("tailnet: down", null), false,
                false).reason()).contains("but no LAN endpoint");
    }
}
