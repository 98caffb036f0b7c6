package dev.tailtalos.cli.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailtalos.cli.Terminal;
import dev.tailtalos.proto.events.v1.NodeStatus;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutFollowTest {
    private static RolloutStatus status(String state, int healthy, int failed) {
        return RolloutStatus.newBuilder().setRolloutId("ro-1").setState(state).setNodesTotal(3)
                .setNodesHealthy(healthy).setNodesFailed(failed).setCurrentWave(healthy + 1).setWavesTotal(3)
                .addNodes(NodeStatus.newBuilder().setNodeId("k8s-" + (healthy + 1)).setState("APPLIED")
                        .setWaitReason(state.equals("RUNNING") ? "waiting for health (ext-tailscale: Waiting)" : ""))
                .build();
    }

    private static int follow(List<RolloutStatus> sequence, boolean json, StringWriter out) {
        Iterator<RolloutStatus> it = sequence.iterator();
        return RolloutCommand.followLoop(it::next, Duration.ofMillis(1), json, new PrintWriter(out),
                new Terminal(false, false));
    }

    @Test
    void printsABarPerChangeAndExitsZeroWhenCompleted() {
        StringWriter out = new StringWriter();
        int code = follow(List.of(status("RUNNING", 1, 0), status("RUNNING", 1, 0), status("RUNNING", 2, 0),
                status("COMPLETED", 3, 0)), false, out);
        assertThat(code).isZero();
        String text = out.toString();
        assertThat(text).contains("ro-1 RUNNING [########----------------] 1/3 healthy  wave 2/3  k8s-2: waiting for health")
                .contains("[################--------] 2/3 healthy")
                .contains("[########################] 3/3 healthy")
                .contains("rollout ro-1 COMPLETED: 3/3 nodes healthy");
        assertThat(text.split("1/3 healthy", -1)).as("an unchanged status is not printed again").hasSize(2);
    }

    @Test
    void failedRolloutExitsOne() {
        StringWriter out = new StringWriter();
        assertThat(follow(List.of(status("RUNNING", 1, 0), status("FAILED", 1, 1)), false, out)).isEqualTo(1);
        assertThat(out.toString()).contains("1/3 healthy, 1 failed");
    }

    @Test
    void jsonPrintsOneStatusPerLine() throws Exception {
        StringWriter out = new StringWriter();
        assertThat(follow(List.of(status("RUNNING", 2, 0), status("COMPLETED", 3, 0)), true, out)).isZero();
        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines).hasSize(2);
        assertThat(new ObjectMapper().readTree(lines[1]).path("state").asText()).isEqualTo("COMPLETED");
        assertThat(out.toString()).doesNotContain("\u001b[");
    }
}
