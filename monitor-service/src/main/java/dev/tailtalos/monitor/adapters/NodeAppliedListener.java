package dev.tailtalos.monitor.adapters;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.ProcessedEvents;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.monitor.domain.HealthVerdict;
import dev.tailtalos.monitor.domain.NodeProbe;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.HealthCheck;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.NodeHealth;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * After a node is applied, probes it until every check passes or the health window closes, then emits node.health.
 */
public class NodeAppliedListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeAppliedListener.class);
    private final NodeProbe probe;
    private final EventPublisher publisher;
    private final AuditWriter audit;
    private final Duration window;
    private final Duration interval;
    private final ProcessedEvents processed = new ProcessedEvents(100_000);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "health-probe");
        t.setDaemon(true);
        return t;
    });

    public NodeAppliedListener(NodeProbe probe, EventPublisher publisher, AuditWriter audit, Duration window,
                               Duration interval) {
        this.probe = probe;
        this.publisher = publisher;
        this.audit = audit;
        this.window = window;
        this.interval = interval;
    }

    @KafkaListener(id = "monitor-node-applied", topics = Topics.NODE_APPLIED, groupId = "monitor-service")
    public void onApplied(ConsumerRecord<String, byte[]> record) {
        EventEnvelope env = EventEnvelopes.parse(record.value());
        if (!processed.firstTime(env.getEventId())) {
            return;
        }
        NodeApplied applied = EventEnvelopes.payload(env, NodeApplied.class);
        long deadline = System.nanoTime() + window.toNanos();
        scheduler.execute(() -> probeUntilHealthy(applied, env, deadline, 1));
    }

    private void probeUntilHealthy(NodeApplied applied, EventEnvelope cause, long deadline, int attempt) {
        HealthVerdict verdict;
        try {
            verdict = probe.probe(applied.getNodeId(), applied.getEndpoint());
        } catch (RuntimeException e) {
            verdict = new HealthVerdict(applied.getNodeId(), java.util.List.of(
                    new HealthVerdict.Check("talos-api", false, e.getMessage())), "", "");
        }
        if (verdict.healthy() || System.nanoTime() >= deadline) {
            report(applied, cause, verdict, attempt);
            return;
        }
        HealthVerdict last = verdict;
        log.debug("node {} not healthy yet (attempt {}): {}", applied.getNodeId(), attempt, last.summary());
        scheduler.schedule(() -> probeUntilHealthy(applied, cause, deadline, attempt + 1), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void report(NodeApplied applied, EventEnvelope cause, HealthVerdict verdict, int attempts) {
        NodeHealth.Builder health = NodeHealth.newBuilder()
                .setRolloutId(applied.getRolloutId()).setNodeId(applied.getNodeId()).setHealthy(verdict.healthy())
                .setEndpoint(verdict.endpoint()).setTalosVersion(verdict.talosVersion())
                .setConfigDigest(applied.getConfigDigest());
        verdict.checks().forEach(c -> health.addChecks(HealthCheck.newBuilder().setName(c.name()).setOk(c.ok())
                .setDetail(c.detail())));
        EventEnvelope out = publisher.publish(Topics.NODE_HEALTH, applied.getNodeId(), health.build(),
                applied.getRolloutId(), cause);
        audit.write(AuditEntry.of(publisher.producer(), "node.health", applied.getRolloutId(), applied.getNodeId(),
                verdict.healthy() ? "HEALTHY" : "UNHEALTHY", out.getEventId(),
                Map.of("summary", verdict.summary(), "probes", Integer.toString(attempts), "endpoint", verdict.endpoint())));
        log.info("node {} {} after {} probe(s): {}", applied.getNodeId(), verdict.healthy() ? "healthy" : "UNHEALTHY",
                attempts, verdict.summary());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
