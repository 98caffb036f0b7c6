package dev.tailtalos.monitor.adapters.http;

import dev.tailtalos.monitor.adapters.ProbeScheduler;
import dev.tailtalos.monitor.domain.HealthVerdict;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** {@code POST /api/v1/probes/{node}}: probe one node now, publish node.health, and answer with every check. */
@RestController
public class ProbeController {
    private final ProbeScheduler probes;

    public ProbeController(ProbeScheduler probes) {
        this.probes = probes;
    }

    public record ProbeResult(String nodeId, boolean healthy, String summary, List<HealthVerdict.Check> checks) {
    }

    @PostMapping("/api/v1/probes/{node}")
    public ResponseEntity<?> probe(@PathVariable String node) {
        return probes.probe(node, "on-demand")
                .<ResponseEntity<?>>map(v -> ResponseEntity.ok(new ProbeResult(v.nodeId(), v.healthy(), v.summary(),
                        v.checks())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
                        "no node " + node + " known to the monitor (configure tailtalos.nodes.endpoints, or apply it once)")));
    }
}
