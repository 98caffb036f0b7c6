package dev.tailtalos.monitor.adapters;

import dev.tailtalos.monitor.domain.HealthVerdict;
import dev.tailtalos.monitor.domain.NodeBoard;
import dev.tailtalos.monitor.domain.NodeProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Probes every known node on a schedule, and one node on demand; each probe is reported as node.health. */
public class ProbeScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProbeScheduler.class);
    private final NodeProbe probe;
    private final NodeBoard board;
    private final HealthReporter reporter;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scheduled-probes");
        t.setDaemon(true);
        return t;
    });

    public ProbeScheduler(NodeProbe probe, NodeBoard board, HealthReporter reporter, Duration every) {
        this.probe = probe;
        this.board = board;
        this.reporter = reporter;
        if (!every.isZero() && !every.isNegative()) {
            scheduler.scheduleWithFixedDelay(this::probeAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void probeAll() {
        for (String node : board.knownNodes()) {
            try {
                probe(node, "schedule");
            } catch (RuntimeException e) {
                log.warn("scheduled probe of {} failed: {}", node, e.getMessage());
            }
        }
    }

    /** Probes the node now; empty when the monitor knows no such node. */
    public Optional<HealthVerdict> probe(String nodeId, String trigger) {
        if (!board.knownNodes().contains(nodeId)) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        HealthVerdict verdict = probe.probe(nodeId, board.lanEndpoint(nodeId).orElse(""));
        reporter.report(verdict, "", "", trigger, null, 1, Duration.ofNanos(System.nanoTime() - start));
        return Optional.of(verdict);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
