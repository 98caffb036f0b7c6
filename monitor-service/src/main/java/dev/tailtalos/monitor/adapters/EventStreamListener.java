package dev.tailtalos.monitor.adapters;

import com.google.protobuf.Timestamp;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.monitor.domain.NodeBoard;
import dev.tailtalos.monitor.domain.RolloutBoard;
import dev.tailtalos.proto.events.v1.ConfigRendered;
import dev.tailtalos.proto.events.v1.ConfigSealed;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.HealthCheck;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.NodeApplyFailed;
import dev.tailtalos.proto.events.v1.NodeHealth;
import dev.tailtalos.proto.events.v1.NodeObserved;
import dev.tailtalos.proto.events.v1.NodeStatus;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the monitor's read model (rollouts with per-node timelines, node health, observed tailnet identities) and the
 * event-fed metrics from every event topic. A fresh consumer group reads from the beginning, so the model is rebuilt at
 * every start.
 */
public class EventStreamListener {
    private static final Logger log = LoggerFactory.getLogger(EventStreamListener.class);
    private final RolloutBoard rollouts;
    private final NodeBoard nodes;
    private final MonitorMetrics metrics;
    private final Map<String, Instant> sealedAt = new ConcurrentHashMap<>();
    private final Map<String, Instant> appliedAt = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();

    public EventStreamListener(RolloutBoard rollouts, NodeBoard nodes, MonitorMetrics metrics) {
        this.rollouts = rollouts;
        this.nodes = nodes;
        this.metrics = metrics;
    }

    @KafkaListener(id = "monitor-events", groupId = "monitor-events-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=earliest",
            topics = {Topics.ROLLOUT_REQUESTED, Topics.CONFIG_RENDERED, Topics.CONFIG_SEALED, Topics.NODE_APPLIED,
                    Topics.NODE_APPLY_FAILED, Topics.NODE_HEALTH, Topics.NODE_OBSERVED, Topics.ROLLOUT_STATUS})
    public void onEvent(ConsumerRecord<String, byte[]> record) {
        try {
            apply(record.topic(), EventEnvelopes.parse(record.value()));
        } catch (RuntimeException e) {
            log.warn("event at {}-{}@{} left out of the monitor's view: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    void apply(String topic, EventEnvelope env) {
        Instant at = EventEnvelopes.instant(env.getOccurredAt());
        switch (topic) {
            case Topics.ROLLOUT_REQUESTED -> {
                RolloutRequested r = EventEnvelopes.payload(env, RolloutRequested.class);
                rollouts.requested(r.getRolloutId(), r.getRequestedBy(), r.getReason(), r.getNodeIdsList(), at);
            }
            case Topics.CONFIG_RENDERED -> {
                ConfigRendered r = EventEnvelopes.payload(env, ConfigRendered.class);
                rollouts.nodeStep(r.getRolloutId(), r.getNode().getNodeId(), "RENDERED",
                        "template " + shortDigest(r.getTemplateDigest()) + (r.getLintWarningsCount() == 0 ? ""
                                : ", " + r.getLintWarningsCount() + " lint warning(s): "
                                + String.join("; ", r.getLintWarningsList())), at);
            }
            case Topics.CONFIG_SEALED -> {
                ConfigSealed s = EventEnvelopes.payload(env, ConfigSealed.class);
                String key = s.getRolloutId() + "/" + s.getNode().getNodeId();
                Instant applied = appliedAt.remove(key);
                if (applied != null) {
                    applyLatency(at, applied);
                } else {
                    sealedAt.put(key, at);
                }
                rollouts.nodeStep(s.getRolloutId(), s.getNode().getNodeId(), "SEALED",
                        "config " + shortDigest(s.getConfigDigest()), at);
            }
            case Topics.NODE_APPLIED -> {
                NodeApplied a = EventEnvelopes.payload(env, NodeApplied.class);
                nodes.lanEndpoint(a.getNodeId(), a.getEndpoint());
                rollouts.nodeStep(a.getRolloutId(), a.getNodeId(), "APPLIED", (a.getSkippedAlreadyApplied()
                        ? "already running this config" : a.getMode()) + ", " + a.getAttempts() + " attempt(s)", at);
                // Topics are read concurrently: config.sealed may arrive after node.applied.
                String key = a.getRolloutId() + "/" + a.getNodeId();
                Instant sealed = sealedAt.remove(key);
                if (sealed != null) {
                    applyLatency(sealed, at);
                } else {
                    appliedAt.put(key, at);
                }
                if (a.getAttempts() > 1) {
                    metrics.applyRetries(a.getAttempts() - 1);
                }
            }
            case Topics.NODE_APPLY_FAILED -> {
                NodeApplyFailed f = EventEnvelopes.payload(env, NodeApplyFailed.class);
                rollouts.nodeStep(f.getRolloutId(), f.getNodeId(), "FAILED", f.getStage() + ": " + f.getReason(), at);
                metrics.applyFailed(f.getPermanent());
                if (f.getAttempts() > 1) {
                    metrics.applyRetries(f.getAttempts() - 1);
                }
            }
            case Topics.NODE_HEALTH -> {
                NodeHealth h = EventEnvelopes.payload(env, NodeHealth.class);
                Instant checked = h.hasCheckedAt() ? EventEnvelopes.instant(h.getCheckedAt()) : at;
                nodes.health(new NodeBoard.HealthView(h.getNodeId(), h.getHealthy(), checked,
                        h.getTrigger().isEmpty() ? "applied" : h.getTrigger(), h.getRolloutId(), h.getEndpoint(),
                        h.getTalosVersion(), h.getChecksList().stream().map(EventStreamListener::check).toList()));
                if (!h.getRolloutId().isEmpty()) {
                    rollouts.nodeStep(h.getRolloutId(), h.getNodeId(), h.getHealthy() ? "HEALTHY" : "UNHEALTHY",
                            summary(h), at);
                }
            }
            case Topics.NODE_OBSERVED -> {
                NodeObserved o = EventEnvelopes.payload(env, NodeObserved.class);
                nodes.observed(new NodeBoard.Observed(o.getNodeId(), o.getTailnetAddressesList(), o.getDnsNamesList(),
                        o.getSource(), at));
            }
            case Topics.ROLLOUT_STATUS -> {
                RolloutStatus s = EventEnvelopes.payload(env, RolloutStatus.class);
                Map<String, String[]> states = new LinkedHashMap<>();
                for (NodeStatus n : s.getNodesList()) {
                    states.put(n.getNodeId(), new String[]{n.getState(), n.getReason()});
                }
                rollouts.status(s.getRolloutId(), s.getState(), s.getNodesTotal(), s.getNodesHealthy(), s.getReason(),
                        states, at);
                if (RolloutBoard.FINAL_STATES.contains(s.getState()) && finished.add(s.getRolloutId())) {
                    metrics.rolloutFinished(s.getState());
                }
            }
            default -> log.debug("no view for topic {}", topic);
        }
    }

    private void applyLatency(Instant sealed, Instant applied) {
        if (!applied.isBefore(sealed)) {
            metrics.applyLatency(Duration.between(sealed, applied));
        }
    }

    private static NodeBoard.CheckView check(HealthCheck c) {
        String result = c.getResult().isEmpty() ? (c.getOk() ? "PASS" : "FAIL") : c.getResult();
        return new NodeBoard.CheckView(c.getName(), result, c.getOk(), c.getDetail(), c.getRecommendation(), c.getPath());
    }

    private static String summary(NodeHealth h) {
        long failed = h.getChecksList().stream().filter(c -> !c.getOk() && !"SKIPPED".equals(c.getResult())).count();
        return failed == 0 ? h.getChecksCount() + " checks" : failed + " of " + h.getChecksCount() + " checks failed";
    }

    private static String shortDigest(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) : digest;
    }

    static Instant instant(Timestamp t) {
        return EventEnvelopes.instant(t);
    }
}
