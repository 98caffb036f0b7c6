package dev.tailtalos.monitor.adapters;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.monitor.domain.HealthVerdict;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.HealthCheck;
import dev.tailtalos.proto.events.v1.NodeHealth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Publishes a verdict as node.health (every check with its result and reason), audits it and counts it. */
public class HealthReporter {
    private final EventPublisher publisher;
    private final AuditWriter audit;
    private final MonitorMetrics metrics;
    private final Clock clock;

    public HealthReporter(EventPublisher publisher, AuditWriter audit, MonitorMetrics metrics, Clock clock) {
        this.publisher = publisher;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    public EventEnvelope report(HealthVerdict verdict, String rolloutId, String configDigest, String trigger,
                                EventEnvelope cause, int attempts, Duration took) {
        NodeHealth.Builder health = NodeHealth.newBuilder()
                .setRolloutId(rolloutId).setNodeId(verdict.nodeId()).setHealthy(verdict.healthy())
                .setEndpoint(verdict.endpoint()).setTalosVersion(verdict.talosVersion())
                .setConfigDigest(configDigest).setTrigger(trigger)
                .setCheckedAt(EventEnvelopes.timestamp(clock.instant()));
        verdict.checks().forEach(c -> health.addChecks(HealthCheck.newBuilder().setName(c.name()).setOk(c.ok())
                .setResult(c.result().name()).setDetail(c.detail()).setRecommendation(c.recommendation())
                .setPath(c.path())));
        EventEnvelope out = publisher.publish(Topics.NODE_HEALTH, verdict.nodeId(), health.build(), rolloutId, cause);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("summary", verdict.summary());
        details.put("probes", Integer.toString(attempts));
        details.put("endpoint", verdict.endpoint());
        details.put("trigger", trigger);
        audit.write(AuditEntry.of(publisher.producer(), "node.health", rolloutId, verdict.nodeId(),
                verdict.healthy() ? "HEALTHY" : "UNHEALTHY", out.getEventId(), details));
        metrics.probe(verdict, trigger, took);
        return out;
    }
}
