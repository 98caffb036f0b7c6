package dev.tailtalos.monitor.adapters;

import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.ProcessedEvents;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.monitor.domain.HealthVerdict;
import dev.tailtalos.monitor.domain.NodeProbe;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeApplied;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import dev.tailtalos.common.events.TopicReplayer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * After a node is applied, probes it until every check passes or the health window closes, then emits node.health.
 * Pending probes are durable through the topics: at start, every recent node.applied that no node.health answers yet
 * (its causation id) is probed again, so a monitor killed mid-probe loses no verdict.
 */
public class NodeAppliedListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeAppliedListener.class);
    private final NodeProbe probe;
    private final HealthReporter reporter;
    private final Map<String, Long> startedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final Duration window;
    private final Duration interval;
    private final ProcessedEvents processed = new ProcessedEvents(100_000);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "health-probe");
        t.setDaemon(true);
        return t;
    });

    public NodeAppliedListener(NodeProbe probe, HealthReporter reporter, Duration window, Duration interval) {
        this.probe = probe;
        this.reporter = reporter;
        this.window = window;
        this.interval = interval;
    }

    /** The node.applied events within {@code window} before now that no node.health names as its cause. */
    public static List<EventEnvelope> pending(String bootstrapServers, Duration window, Duration timeout) {
        List<TopicReplayer.Replayed> events = new TopicReplayer(bootstrapServers)
                .replay(List.of(Topics.NODE_APPLIED, Topics.NODE_HEALTH), timeout);
        Set<String> answered = new HashSet<>();
        events.stream().filter(r -> r.topic().equals(Topics.NODE_HEALTH))
                .forEach(r -> answered.add(r.envelope().getCausationId()));
        Instant since = Instant.now().minus(window);
        return events.stream().filter(r -> r.topic().equals(Topics.NODE_APPLIED)).map(TopicReplayer.Replayed::envelope)
                .filter(e -> !answered.contains(e.getEventId()))
                .filter(e -> EventEnvelopes.instant(e.getOccurredAt()).isAfter(since)).toList();
    }

    /** Probes the applied nodes a previous monitor did not answer; call before the listener starts. */
    public int resume(List<EventEnvelope> pending) {
        for (EventEnvelope env : pending) {
            if (processed.firstTime(env.getEventId())) {
                start(env);
            }
        }
        if (!pending.isEmpty()) {
            log.info("resumed {} probe(s) of applied nodes no node.health answers yet", pending.size());
        }
        return pending.size();
    }

    @KafkaListener(id = "monitor-node-applied", topics = Topics.NODE_APPLIED, groupId = "monitor-service")
    public void onApplied(ConsumerRecord<String, byte[]> record) {
        EventEnvelope env = EventEnvelopes.parse(record.value());
        if (!processed.firstTime(env.getEventId())) {
            return;
        }
        start(env);
    }

    private void start(EventEnvelope env) {
        NodeApplied applied = EventEnvelopes.payload(env, NodeApplied.class);
        long deadline = System.nanoTime() + window.toNanos();
        startedAt.put(env.getEventId(), System.nanoTime());
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
        reporter.report(verdict, applied.getRolloutId(), applied.getConfigDigest(), "applied", cause, attempts,
                Duration.ofNanos(System.nanoTime() - startedAt.getOrDefault(cause.getEventId(), System.nanoTime())));
        startedAt.remove(cause.getEventId());
        log.info("node {} {} after {} probe(s): {}", applied.getNodeId(), verdict.healthy() ? "healthy" : "UNHEALTHY",
                attempts, verdict.summary());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
