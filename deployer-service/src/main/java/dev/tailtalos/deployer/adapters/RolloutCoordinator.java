package dev.tailtalos.deployer.adapters;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.ProcessedEvents;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.deployer.domain.ApplyFailedException;
import dev.tailtalos.deployer.domain.ApplyOutcome;
import dev.tailtalos.deployer.domain.NodeApplier;
import dev.tailtalos.deployer.domain.NodeProgress;
import dev.tailtalos.deployer.domain.Rollout;
import dev.tailtalos.deployer.domain.RolloutState;
import dev.tailtalos.proto.events.v1.ConfigSealed;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.NodeApplyFailed;
import dev.tailtalos.proto.events.v1.NodeHealth;
import dev.tailtalos.proto.events.v1.NodeStatus;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives rollouts: listeners hand events to one coordinator thread that owns every {@link Rollout}; applies run on a
 * worker pool and report back to that thread. Emits node.applied / node.apply-failed and rollout.status.
 */
public class RolloutCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RolloutCoordinator.class);
    private final Map<String, Rollout> rollouts = new HashMap<>();
    private final Map<String, ConfigSealed> sealedConfigs = new HashMap<>();
    private final Map<String, EventEnvelope> sealedEnvelopes = new HashMap<>();
    private final Map<String, RolloutRequested> requests = new ConcurrentHashMap<>();
    private final ProcessedEvents processed = new ProcessedEvents(100_000);
    private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "rollout-coordinator"));
    private final ExecutorService appliers = Executors.newFixedThreadPool(8, r -> thread(r, "node-applier"));
    private final EnvelopeSealer unsealer;
    private final NodeApplier applier;
    private final EventPublisher publisher;
    private final AuditWriter audit;
    private final Clock clock;
    private final Duration healthTimeout;

    public RolloutCoordinator(EnvelopeSealer unsealer, NodeApplier applier, EventPublisher publisher, AuditWriter audit,
                              Clock clock, Duration healthTimeout) {
        this.unsealer = unsealer;
        this.applier = applier;
        this.publisher = publisher;
        this.audit = audit;
        this.clock = clock;
        this.healthTimeout = healthTimeout;
        coordinator.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @KafkaListener(id = "deployer-rollout-requested", topics = Topics.ROLLOUT_REQUESTED, groupId = "deployer-service")
    public void onRequested(ConsumerRecord<String, byte[]> record) {
        EventEnvelope env = EventEnvelopes.parse(record.value());
        if (!processed.firstTime(env.getEventId())) {
            return;
        }
        RolloutRequested req = EventEnvelopes.payload(env, RolloutRequested.class);
        requests.put(req.getRolloutId(), req);
        coordinator.execute(() -> rollout(req.getRolloutId()).requested(req.getMaxParallel()));
    }

    @KafkaListener(id = "deployer-config-sealed", topics = Topics.CONFIG_SEALED, groupId = "deployer-service")
    public void onSealed(ConsumerRecord<String, byte[]> record) {
        EventEnvelope env = EventEnvelopes.parse(record.value());
        if (!processed.firstTime(env.getEventId())) {
            return;
        }
        ConfigSealed sealed = EventEnvelopes.payload(env, ConfigSealed.class);
        coordinator.execute(() -> {
            Rollout r = rollout(sealed.getRolloutId());
            String key = key(sealed.getRolloutId(), sealed.getNode().getNodeId());
            sealedConfigs.put(key, sealed);
            sealedEnvelopes.put(key, env);
            List<String> toApply = r.sealed(sealed.getNode().getNodeId(), sealed.getNode().getControlPlane(),
                    sealed.getNodeIndex(), sealed.getNodeCount(), sealed.getConfigDigest(), clock.instant());
            startApplies(r, toApply);
            publishStatus(r, env);
        });
    }

    @KafkaListener(id = "deployer-node-health", topics = Topics.NODE_HEALTH, groupId = "deployer-service")
    public void onHealth(ConsumerRecord<String, byte[]> record) {
        EventEnvelope env = EventEnvelopes.parse(record.value());
        if (!processed.firstTime(env.getEventId())) {
            return;
        }
        NodeHealth health = EventEnvelopes.payload(env, NodeHealth.class);
        coordinator.execute(() -> {
            Rollout r = rollouts.get(health.getRolloutId());
            if (r == null || r.state() != RolloutState.RUNNING) {
                return;
            }
            if (health.getHealthy()) {
                startApplies(r, r.healthy(health.getNodeId(), clock.instant()));
            } else {
                r.failed(health.getNodeId(), "health gate failed: " + failedChecks(health), clock.instant());
            }
            publishStatus(r, env);
        });
    }

    @KafkaListener(id = "deployer-apply-failed", topics = Topics.NODE_APPLY_FAILED, groupId = "deployer-service")
    public void onUpstreamFailure(ConsumerRecord<String, byte[]> record) {
        EventEnvelope env = EventEnvelopes.parse(record.value());
        if (!processed.firstTime(env.getEventId()) || env.getProducer().equals(publisher.producer())) {
            return;
        }
        NodeApplyFailed failed = EventEnvelopes.payload(env, NodeApplyFailed.class);
        coordinator.execute(() -> {
            Rollout r = rollout(failed.getRolloutId());
            r.failed(failed.getNodeId(), failed.getStage() + ": " + failed.getReason(), clock.instant());
            publishStatus(r, env);
        });
    }

    private void startApplies(Rollout r, List<String> nodeIds) {
        for (String nodeId : nodeIds) {
            String key = key(r.rolloutId(), nodeId);
            ConfigSealed sealed = sealedConfigs.get(key);
            EventEnvelope cause = sealedEnvelopes.get(key);
            appliers.execute(() -> apply(r.rolloutId(), sealed, cause));
        }
    }

    private void apply(String rolloutId, ConfigSealed sealed, EventEnvelope cause) {
        String nodeId = sealed.getNode().getNodeId();
        byte[] config = null;
        try {
            config = unsealer.unseal(sealed.getSealedConfig());
            ApplyOutcome outcome = applier.apply(nodeId, sealed.getNode().getAddressesList(), sealed.getConfigDigest(), config);
            // Queued before node.applied is published, so the health answer to it always finds the node APPLIED.
            coordinator.execute(() -> rollouts.get(rolloutId).applied(nodeId, outcome.mode(), clock.instant()));
            EventEnvelope out = publisher.publish(Topics.NODE_APPLIED, nodeId, NodeApplied.newBuilder()
                    .setRolloutId(rolloutId).setNodeId(nodeId).setConfigDigest(sealed.getConfigDigest())
                    .setEndpoint(outcome.endpoint()).setMode(outcome.mode()).setModeDetails(outcome.modeDetails())
                    .setAttempts(outcome.attempts()).setSkippedAlreadyApplied(outcome.skippedAlreadyApplied())
                    .build(), rolloutId, cause);
            audit.write(AuditEntry.of(publisher.producer(), "node.apply", rolloutId, nodeId,
                    outcome.skippedAlreadyApplied() ? "SKIPPED_ALREADY_APPLIED" : "APPLIED", out.getEventId(),
                    Map.of("endpoint", outcome.endpoint(), "mode", outcome.mode(), "attempts",
                            Integer.toString(outcome.attempts()), "config_digest", sealed.getConfigDigest())));
            log.info("rollout {} node {}: applied at {} ({}, {} attempt(s))", rolloutId, nodeId, outcome.endpoint(),
                    outcome.mode(), outcome.attempts());
        } catch (RuntimeException e) {
            boolean permanent = !(e instanceof ApplyFailedException a) || a.permanent();
            int attempts = e instanceof ApplyFailedException a ? a.attempts() : 1;
            String reason = e.getMessage();
            log.warn("rollout {} node {}: apply failed after {} attempt(s): {}", rolloutId, nodeId, attempts, reason);
            EventEnvelope out = publisher.publish(Topics.NODE_APPLY_FAILED, nodeId, NodeApplyFailed.newBuilder()
                    .setRolloutId(rolloutId).setNodeId(nodeId).setConfigDigest(sealed.getConfigDigest())
                    .setReason(reason).setPermanent(permanent).setAttempts(attempts).setStage("apply").build(),
                    rolloutId, cause);
            audit.write(AuditEntry.of(publisher.producer(), "node.apply", rolloutId, nodeId, "FAILED", out.getEventId(),
                    Map.of("reason", reason, "attempts", Integer.toString(attempts))));
            coordinator.execute(() -> {
                Rollout r = rollouts.get(rolloutId);
                r.failed(nodeId, reason, clock.instant());
                publishStatus(r, out);
            });
        } finally {
            if (config != null) {
                Arrays.fill(config, (byte) 0);
            }
        }
    }

    private void tick() {
        try {
            for (Rollout r : rollouts.values()) {
                if (r.state() == RolloutState.RUNNING) {
                    r.tick(clock.instant());
                    if (r.state() != RolloutState.RUNNING) {
                        publishStatus(r, null);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("rollout tick failed: {}", e.toString());
        }
    }

    private final Map<String, String> lastPublished = new HashMap<>();

    private void publishStatus(Rollout r, EventEnvelope cause) {
        RolloutStatus.Builder status = RolloutStatus.newBuilder()
                .setRolloutId(r.rolloutId()).setState(r.state().name())
                .setNodesTotal(Math.max(r.expectedNodes(), r.nodes().size()))
                .setNodesHealthy((int) r.healthyNodes()).setReason(r.reason());
        for (NodeProgress p : r.nodes()) {
            status.addNodes(NodeStatus.newBuilder().setNodeId(p.nodeId()).setState(p.state().name())
                    .setReason(p.reason() == null ? "" : p.reason()));
        }
        RolloutStatus built = status.build();
        String fingerprint = built.toString();
        if (fingerprint.equals(lastPublished.get(r.rolloutId()))) {
            return;
        }
        lastPublished.put(r.rolloutId(), fingerprint);
        if (r.state() != RolloutState.RUNNING) {
            audit.write(AuditEntry.of(publisher.producer(), "rollout.finish", r.rolloutId(), "", r.state().name(),
                    cause == null ? "" : cause.getEventId(), Map.of("reason", r.reason(),
                            "nodes_healthy", Long.toString(r.healthyNodes()))));
            log.info("rollout {} {}: {}", r.rolloutId(), r.state(), r.reason());
        }
        publisher.publish(Topics.ROLLOUT_STATUS, r.rolloutId(), built, r.rolloutId(), cause);
    }

    private Rollout rollout(String rolloutId) {
        return rollouts.computeIfAbsent(rolloutId, id -> new Rollout(id, healthTimeout));
    }

    private static String failedChecks(NodeHealth h) {
        return h.getChecksList().stream().filter(c -> !c.getOk()).map(c -> c.getName() + " (" + c.getDetail() + ")")
                .reduce((a, b) -> a + ", " + b).orElse("unhealthy");
    }

    private static String key(String rolloutId, String nodeId) {
        return rolloutId + "/" + nodeId;
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        coordinator.shutdownNow();
        appliers.shutdownNow();
    }
}
