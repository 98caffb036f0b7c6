package dev.tailtalos.deployer.adapters;

import com.google.protobuf.Duration;
import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.ProcessedEvents;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.deployer.adapters.NodeStepRunner.NodeTask;
import dev.tailtalos.deployer.adapters.NodeStepRunner.StepListener;
import dev.tailtalos.deployer.adapters.NodeStepRunner.StepOutcome;
import dev.tailtalos.deployer.adapters.NodeStepRunner.Upgraded;
import dev.tailtalos.common.events.TopicReplayer.Replayed;
import dev.tailtalos.deployer.domain.ApplyMode;
import dev.tailtalos.deployer.domain.NodeAction;
import dev.tailtalos.deployer.domain.NodeLeases;
import dev.tailtalos.deployer.domain.OnConflict;
import dev.tailtalos.deployer.domain.RolloutAdmission;
import dev.tailtalos.deployer.domain.NodeProgress;
import dev.tailtalos.deployer.domain.NodeState;
import dev.tailtalos.deployer.domain.OsImage;
import dev.tailtalos.deployer.domain.OsState;
import dev.tailtalos.deployer.domain.Rollout;
import dev.tailtalos.deployer.domain.RolloutPolicy;
import dev.tailtalos.deployer.domain.RolloutState;
import dev.tailtalos.deployer.domain.StepPurpose;
import dev.tailtalos.proto.events.v1.ConfigSealed;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.NodeApplyFailed;
import dev.tailtalos.proto.events.v1.NodeHealth;
import dev.tailtalos.proto.events.v1.NodeStatus;
import dev.tailtalos.proto.events.v1.RolloutControl;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives rollouts. All state lives on one coordinator thread and is a projection of the topics: at start the
 * coordinator replays rollout.requested, config.sealed, node.applied, node.apply-failed, node.health, rollout.control
 * and its own rollout.status from the beginning, then resumes what was in flight (idempotently: every step reads the
 * node's config back first). Listeners hand live events to the same thread; node steps run on a worker pool and
 * report back to it before their events are published. Emits node.applied / node.apply-failed, rollout.status and
 * audit records.
 */
public class RolloutCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RolloutCoordinator.class);
    public static final List<String> REPLAYED_TOPICS = List.of(Topics.ROLLOUT_REQUESTED, Topics.CONFIG_SEALED,
            Topics.NODE_APPLIED, Topics.NODE_APPLY_FAILED, Topics.NODE_HEALTH, Topics.ROLLOUT_CONTROL,
            Topics.ROLLOUT_STATUS);

    /** Settings that are not part of a rollout's own policy. */
    public record Settings(RolloutPolicy defaults, int workers, java.time.Duration statusInterval,
                           java.time.Duration tickInterval) {
    }

    private static final String CONFIG_SERVICE = "config-service";
    private final Map<String, Rollout> rollouts = new LinkedHashMap<>();
    private final Map<String, ConfigSealed> sealedConfigs = new HashMap<>();
    private final Map<String, EventEnvelope> sealedEnvelopes = new HashMap<>();
    private final Map<String, ConfigSealed> lastKnownGood = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> terminalPublished = new HashSet<>();
    private final Map<String, Instant> lastStatusAt = new HashMap<>();
    private final Map<String, RolloutStatus> latest = new ConcurrentHashMap<>();
    private final NodeLeases leases = new NodeLeases();
    /** Ended rollouts, read by the workers: a step of an ended rollout that has not started yet never starts. */
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final ProcessedEvents processed = new ProcessedEvents(500_000);
    private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(
            r -> thread(r, "rollout-coordinator"));
    private final ExecutorService workers;
    private final EnvelopeSealer unsealer;
    private final NodeStepRunner steps;
    private final NodeEndpointDirectory endpoints;
    private final EventPublisher publisher;
    private final EventEnvelopes envelopes;
    private final AuditWriter audit;
    private final Clock clock;
    private final Settings settings;
    private final PublishRetry publishRetry;
    private volatile boolean live;

    public RolloutCoordinator(EnvelopeSealer unsealer, NodeStepRunner steps, NodeEndpointDirectory endpoints,
                              EventPublisher publisher, EventEnvelopes envelopes, AuditWriter audit, Clock clock,
                              Settings settings) {
        this.unsealer = unsealer;
        this.steps = steps;
        this.endpoints = endpoints;
        this.publisher = publisher;
        this.envelopes = envelopes;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.workers = Executors.newFixedThreadPool(settings.workers(), r -> thread(r, "node-step"));
        this.publishRetry = new PublishRetry(publisher, clock, java.time.Duration.ofMillis(500));
    }

    // ---- start: replay, then resume ---------------------------------------------------------------------------------

    /** Rebuilds every rollout from the replayed events, then resumes the running ones. Call before the listeners start. */
    public void recover(List<Replayed> events) {
        onCoordinator(() -> {
            for (Replayed r : events) {
                if (processed.firstTime(r.envelope().getEventId())) {
                    Instant at = EventEnvelopes.instant(r.envelope().getOccurredAt());
                    handle(r.topic(), r.envelope(), at, true);
                    settleConflicts(at, true);
                }
            }
            Instant now = clock.instant();
            int resumed = 0;
            for (Rollout r : rollouts.values()) {
                r.abandonSteps();
            }
            settleConflicts(now, true);
            for (Rollout r : rollouts.values()) {
                List<NodeAction> actions = new ArrayList<>(r.inFlight());
                actions.addAll(r.tick(now));
                resumed += actions.size();
                dispatch(r, actions, null);
                if (!r.state().terminal() || !terminalPublished.contains(r.rolloutId())) {
                    publishStatus(r, null, now);
                }
            }
            log.info("replayed {} events: {} rollouts, {} running, {} node steps resumed", events.size(),
                    rollouts.size(), rollouts.values().stream().filter(r -> !r.state().terminal()).count(), resumed);
            live = true;
            return null;
        });
        long tick = settings.tickInterval().toMillis();
        coordinator.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    // ---- listeners ------------------------------------------------------------------------------------------------

    // One container per topic: a record retried on one topic does not hold up the others.
    @KafkaListener(id = "deployer-rollout-requested", topics = Topics.ROLLOUT_REQUESTED, groupId = "deployer-service",
            autoStartup = "false")
    @KafkaListener(id = "deployer-config-sealed", topics = Topics.CONFIG_SEALED, groupId = "deployer-service",
            autoStartup = "false")
    @KafkaListener(id = "deployer-node-health", topics = Topics.NODE_HEALTH, groupId = "deployer-service",
            autoStartup = "false")
    @KafkaListener(id = "deployer-apply-failed", topics = Topics.NODE_APPLY_FAILED, groupId = "deployer-service",
            autoStartup = "false")
    @KafkaListener(id = "deployer-rollout-control", topics = Topics.ROLLOUT_CONTROL, groupId = "deployer-service",
            autoStartup = "false")
    // config-service reports a refused repo as a FAILED rollout.status
    @KafkaListener(id = "deployer-rollout-status", topics = Topics.ROLLOUT_STATUS, groupId = "deployer-service",
            autoStartup = "false")
    public void onEvent(ConsumerRecord<String, byte[]> record) {
        receive(record.topic(), record);
    }

    public static final List<String> LISTENER_IDS = List.of("deployer-rollout-requested", "deployer-config-sealed",
            "deployer-node-health", "deployer-apply-failed", "deployer-rollout-control", "deployer-rollout-status");

    private void receive(String topic, ConsumerRecord<String, byte[]> record) {
        EventEnvelope env = EventEnvelopes.parse(record.value());
        if (topic.equals(Topics.ROLLOUT_STATUS) && env.getProducer().equals(publisher.producer())) {
            return;
        }
        // Validate the payload on the listener thread, so a poison record fails here and goes to the dead-letter topic.
        payloadOf(topic, env);
        if (!processed.firstTime(env.getEventId())) {
            return;
        }
        onCoordinator(() -> {
            Instant now = clock.instant();
            handle(topic, env, now, false);
            settleConflicts(now, false);
            return null;
        });
    }

    // ---- event handling (coordinator thread) ---------------------------------------------------------------------------

    private void handle(String topic, EventEnvelope env, Instant at, boolean replay) {
        String self = publisher.producer();
        switch (topic) {
            case Topics.ROLLOUT_REQUESTED -> {
                RolloutRequested req = EventEnvelopes.payload(env, RolloutRequested.class);
                Rollout r = rollout(req.getRolloutId());
                try {
                    act(r, r.requested(policyOf(req), at), env, replay);
                } catch (IllegalArgumentException bad) {
                    r.concluded(RolloutState.FAILED, "rollout.requested " + req.getRolloutId() + " is invalid: "
                            + bad.getMessage(), at);
                    act(r, List.of(), env, replay);
                }
            }
            case Topics.CONFIG_SEALED -> {
                ConfigSealed sealed = EventEnvelopes.payload(env, ConfigSealed.class);
                Rollout r = rollout(sealed.getRolloutId());
                String key = key(sealed.getRolloutId(), sealed.getNode().getNodeId());
                sealedConfigs.put(key, sealed);
                sealedEnvelopes.put(key, env);
                act(r, r.sealed(sealed.getNode().getNodeId(), sealed.getNode().getControlPlane(),
                        sealed.getNodeIndex(), sealed.getNodeCount(), sealed.getConfigDigest(), at), env, replay);
            }
            case Topics.NODE_APPLIED -> {
                if (!env.getProducer().equals(self)) {
                    return;
                }
                NodeApplied a = EventEnvelopes.payload(env, NodeApplied.class);
                Rollout r = rollouts.get(a.getRolloutId());
                if (r != null) {
                    StepPurpose purpose = StepPurpose.fromWire(a.getPurpose());
                    String detail = a.getSkippedAlreadyApplied() ? "already running it" : a.getMode();
                    act(r, r.applied(a.getNodeId(), purpose, detail, a.getEndpoint(), a.getCallMillis(), at), env,
                            replay);
                    rememberGood(r, a.getNodeId());
                }
            }
            case Topics.NODE_APPLY_FAILED -> {
                NodeApplyFailed f = EventEnvelopes.payload(env, NodeApplyFailed.class);
                Rollout r = rollout(f.getRolloutId());
                StepPurpose purpose = env.getProducer().equals(self) ? purposeOfStage(f.getStage()) : StepPurpose.APPLY;
                act(r, r.stepFailed(f.getNodeId(), purpose, f.getStage() + ": " + f.getReason(), at), env, replay);
            }
            case Topics.NODE_HEALTH -> {
                NodeHealth h = EventEnvelopes.payload(env, NodeHealth.class);
                endpoints.observe(h);
                Rollout r = rollouts.get(h.getRolloutId());
                if (r != null && (h.getConfigDigest().isEmpty() || h.getConfigDigest().equals(r.digest(h.getNodeId())))) {
                    act(r, r.health(h.getNodeId(), h.getHealthy(), failedChecks(h), at), env, replay);
                    rememberGood(r, h.getNodeId());
                }
            }
            case Topics.ROLLOUT_CONTROL -> {
                RolloutControl c = EventEnvelopes.payload(env, RolloutControl.class);
                Rollout r = rollouts.get(c.getRolloutId());
                if (r == null) {
                    return;
                }
                String by = c.getRequestedBy().isBlank() ? "an operator" : c.getRequestedBy();
                List<NodeAction> actions = switch (c.getCommand()) {
                    case PAUSE -> r.pause(by, at);
                    case RESUME -> r.resume(by, at);
                    case ABORT -> r.abort(by, c.getReason(), at);
                    case PROMOTE -> r.promote(by, at);
                    default -> List.of();
                };
                if (!replay) {
                    audit.write(AuditEntry.of(self, "rollout." + c.getCommand().name().toLowerCase(), r.rolloutId(),
                            "", r.state().name() + (r.paused() ? " (paused)" : ""), env.getEventId(),
                            Map.of("requested_by", by, "reason", c.getReason())));
                }
                act(r, actions, env, replay);
                r.nodes(at).forEach(n -> rememberGood(r, n.nodeId()));
            }
            case Topics.ROLLOUT_STATUS -> {
                RolloutStatus s = EventEnvelopes.payload(env, RolloutStatus.class);
                if (env.getProducer().equals(self)) {
                    Rollout r = rollouts.get(s.getRolloutId());
                    if (r != null && !s.getState().equals(RolloutState.RUNNING.name())) {
                        r.concluded(RolloutState.valueOf(s.getState()), s.getReason(), at);
                        terminalPublished.add(r.rolloutId());
                        stopped.add(r.rolloutId());
                    }
                } else if (env.getProducer().startsWith(CONFIG_SERVICE)
                        && s.getState().equals(RolloutState.FAILED.name())) {
                    // config-service refused the repo: no config will ever come, the rollout ends with its reason
                    Rollout r = rollout(s.getRolloutId());
                    r.concluded(RolloutState.FAILED, s.getReason(), at);
                    act(r, List.of(), env, replay);
                }
            }
            default -> throw new IllegalArgumentException("unexpected topic " + topic);
        }
    }

    /**
     * Rollouts whose inputs are all in are admitted against the others (on_conflict), and nodes whose lease came free
     * start. Runs after every event, live and replayed alike, so a replay takes the same decisions.
     */
    private void settleConflicts(Instant now, boolean replay) {
        List<Rollout> all = List.copyOf(rollouts.values());
        for (int i = 0; i < all.size(); i++) {
            Rollout c = all.get(i);
            if (!c.awaitingAdmission()) {
                continue;
            }
            RolloutAdmission.Decision d = RolloutAdmission.decide(c, all.subList(0, i), all.subList(i + 1, all.size()));
            switch (d.verdict()) {
                case ADMIT -> act(c, c.admit(now), null, replay);
                case SUPERSEDE_OLDER -> {
                    for (String older : d.others()) {
                        Rollout o = rollouts.get(older);
                        o.supersede(c.rolloutId(), now);
                        act(o, List.of(), null, replay);
                    }
                    act(c, c.admit(now), null, replay);
                }
                case QUEUE -> {
                    c.queueBehind(d.others(), now);
                    dirty.add(c.rolloutId());
                }
                case REJECT -> {
                    c.rejectConflict(d.others(), now);
                    act(c, List.of(), null, replay);
                }
                case SUPERSEDED_BY_NEWER -> {
                    c.supersede(d.others().get(0), now);
                    act(c, List.of(), null, replay);
                }
            }
        }
        for (Rollout r : all) {
            if (r.admitted() && !r.state().terminal()) {
                List<NodeAction> started = r.retryLeases(now);
                if (!started.isEmpty()) {
                    act(r, started, null, replay);
                }
            }
        }
    }

    private void act(Rollout r, List<NodeAction> actions, EventEnvelope cause, boolean replay) {
        dirty.add(r.rolloutId());
        if (r.state().terminal()) {
            stopped.add(r.rolloutId());
        }
        if (replay) {
            return;
        }
        dispatch(r, actions, cause);
        if (r.state().terminal()) {
            publishStatus(r, cause, clock.instant());
        }
    }

    private void dispatch(Rollout r, List<NodeAction> actions, EventEnvelope cause) {
        for (NodeAction a : actions) {
            String key = key(r.rolloutId(), a.nodeId());
            ConfigSealed target = a.purpose() == StepPurpose.ROLLBACK ? lastKnownGood.get(a.nodeId())
                    : sealedConfigs.get(key);
            EventEnvelope because = cause != null ? cause : sealedEnvelopes.get(key);
            if (target == null) {
                act(r, r.stepFailed(a.nodeId(), a.purpose(), "no sealed config to " + a.purpose().wire(),
                        clock.instant()), because, false);
                continue;
            }
            RolloutPolicy policy = r.policy();
            workers.execute(() -> {
                if (a.purpose() == StepPurpose.APPLY && stopped.contains(r.rolloutId())) {
                    coordinator.execute(() -> safely(() -> r.notStarted(a.nodeId(), clock.instant())));
                    return;
                }
                runStep(r.rolloutId(), a.nodeId(), a.purpose(), target, policy, because);
            });
        }
    }

    private void rememberGood(Rollout r, String nodeId) {
        NodeProgress p = r.node(nodeId, clock.instant());
        ConfigSealed sealed = sealedConfigs.get(key(r.rolloutId(), nodeId));
        if (p != null && p.state() == NodeState.HEALTHY && sealed != null) {
            lastKnownGood.put(nodeId, sealed);
        }
    }

    // ---- node steps (worker threads) --------------------------------------------------------------------------------

    private void runStep(String rolloutId, String nodeId, StepPurpose purpose, ConfigSealed target,
                         RolloutPolicy policy, EventEnvelope cause) {
        byte[] config = null;
        String self = publisher.producer();
        try {
            OsImage os = purpose == StepPurpose.APPLY ? osImage(target) : null;
            config = unsealer.unseal(target.getSealedConfig());
            StepOutcome o = steps.run(new NodeTask(rolloutId, nodeId, purpose, target.getNode().getAddressesList(),
                    target.getNode().getTailnetAddressesList(), config, target.getConfigDigest(), policy.applyMode(),
                    policy.tryTimeout(), os, policy.upgradeTimeout()), new StepListener() {
                @Override
                public void upgrading(String image, String phase) {
                    coordinator.execute(() -> safely(() -> {
                        Rollout r = rollouts.get(rolloutId);
                        if (r != null) {
                            r.upgrading(nodeId, image, phase, clock.instant());
                            dirty.add(rolloutId);
                        }
                    }));
                }

                @Override
                public void upgradeRequested(String image, OsState from) {
                    audit.write(AuditEntry.of(self, "node.upgrade", rolloutId, nodeId, "REQUESTED",
                            cause == null ? "" : cause.getEventId(), Map.of("image", image,
                                    "from", from.describe(), "config_digest", target.getConfigDigest())));
                }
            });
            NodeApplied.Builder applied = NodeApplied.newBuilder()
                    .setRolloutId(rolloutId).setNodeId(nodeId).setConfigDigest(target.getConfigDigest())
                    .setEndpoint(o.endpoint().address()).setEndpointKind(o.endpoint().path().wire())
                    .setEndpointReason(o.endpoint().reason()).setMode(o.mode()).setModeDetails(withoutDiff(o.details()))
                    .setAttempts(o.attempts()).setSkippedAlreadyApplied(o.skipped())
                    .setRequestedMode(purpose == StepPurpose.APPLY ? policy.applyMode().flag()
                            : purpose == StepPurpose.CONFIRM ? ApplyMode.NO_REBOOT.flag() : ApplyMode.AUTO.flag())
                    .setRebootExpected(o.rebootExpected()).setPurpose(purpose.wire()).setCallMillis(o.callMillis());
            if (o.upgraded() != null) {
                applied.setUpgradedTo(o.upgraded().image());
            }
            EventEnvelope out = envelopes.wrap(applied.build(), rolloutId, cause == null ? "" : cause.getEventId());
            if (o.upgraded() != null) {
                Upgraded u = o.upgraded();
                audit.write(AuditEntry.of(self, "node.upgrade", rolloutId, nodeId, "UPGRADED", out.getEventId(),
                        Map.of("image", u.image(), "from", u.from().describe(), "to", u.to().describe(),
                                "seconds", Long.toString(u.millis() / 1000), "reboot_seen",
                                Boolean.toString(u.rebootSeen()))));
            }
            report(Topics.NODE_APPLIED, nodeId, out, policy.progressDeadline());
            Map<String, String> details = new LinkedHashMap<>();
            details.put("purpose", purpose.wire());
            details.put("config_digest", target.getConfigDigest());
            details.put("endpoint", o.endpoint().address());
            details.put("path", o.endpoint().path().wire());
            details.put("path_reason", o.endpoint().reason());
            details.put("mode", o.mode());
            details.put("reboot_expected", Boolean.toString(o.rebootExpected()));
            details.put("attempts", Integer.toString(o.attempts()));
            if (o.skipped()) {
                details.put("read_back", o.readBackSource());
            }
            if (o.lostReplyResolved()) {
                details.put("lost_reply", "resolved by reading the config back (" + o.readBackSource() + ")");
            }
            if (o.upgraded() != null) {
                details.put("upgraded_to", o.upgraded().image());
            }
            if (purpose == StepPurpose.ROLLBACK) {
                details.put("why", reasonOf(rolloutId, nodeId));
            }
            audit.write(AuditEntry.of(self, "node." + purpose.wire(), rolloutId, nodeId,
                    o.skipped() ? "SKIPPED_ALREADY_APPLIED" : purpose == StepPurpose.ROLLBACK ? "ROLLED_BACK"
                            : "APPLIED", out.getEventId(), details));
            log.info("rollout {} node {}: {} {} at {} via {} ({}; {}, {} attempt(s))", rolloutId, nodeId,
                    purpose.wire(), o.skipped() ? "skipped" : "applied", o.endpoint().address(),
                    o.endpoint().path().wire(), o.endpoint().reason(), o.mode(), o.attempts());
        } catch (RuntimeException e) {
            boolean permanent = !(e instanceof StepFailedException s) || s.permanent();
            int attempts = e instanceof StepFailedException s ? s.attempts() : 1;
            boolean upgrade = e instanceof StepFailedException s && NodeStepRunner.UPGRADE_STAGES.contains(s.stage());
            String reason = withoutDiff(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            log.warn("rollout {} node {}: {} failed after {} attempt(s): {}", rolloutId, nodeId, purpose.wire(),
                    attempts, reason);
            NodeApplyFailed failed = NodeApplyFailed.newBuilder().setRolloutId(rolloutId).setNodeId(nodeId)
                    .setConfigDigest(target.getConfigDigest()).setReason(reason).setPermanent(permanent)
                    .setAttempts(attempts).setStage(purpose.wire()).build();
            EventEnvelope out = envelopes.wrap(failed, rolloutId, cause == null ? "" : cause.getEventId());
            report(Topics.NODE_APPLY_FAILED, nodeId, out, policy.progressDeadline());
            Map<String, String> details = new LinkedHashMap<>(Map.of("reason", reason, "attempts",
                    Integer.toString(attempts), "permanent", Boolean.toString(permanent)));
            if (upgrade) {
                details.put("image", target.getInstallerImage());
            }
            audit.write(AuditEntry.of(self, upgrade ? "node.upgrade" : "node." + purpose.wire(), rolloutId, nodeId,
                    "FAILED", out.getEventId(), details));
        } finally {
            if (config != null) {
                Arrays.fill(config, (byte) 0);
            }
        }
    }

    /**
     * Talos' apply replies can carry a diff of the config (a reboot's reason, a dry run), and configs hold secrets:
     * events and audit records keep only the text before the diff.
     */
    static String withoutDiff(String details) {
        int cut = details.length();
        for (String marker : List.of("\ndiff:", "\nConfig diff:", "diff:\n")) {
            int at = details.indexOf(marker);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return cut == details.length() ? details : details.substring(0, cut).stripTrailing() + " (diff omitted)";
    }

    private static OsImage osImage(ConfigSealed target) {
        try {
            return OsImage.of(target.getInstallerImage(), target.getTalosVersion());
        } catch (IllegalArgumentException e) {
            throw new StepFailedException("OS check", e.getMessage(), true, 0, e);
        }
    }

    /** The coordinator learns the outcome before anyone else can react to the event, then the event is published. */
    private void report(String topic, String nodeId, EventEnvelope out, java.time.Duration within) {
        processed.firstTime(out.getEventId());
        coordinator.execute(() -> safely(() -> {
            Instant now = clock.instant();
            handle(topic, out, now, false);
            settleConflicts(now, false);
        }));
        publishRetry.send(topic, nodeId, out, within);
    }

    private String reasonOf(String rolloutId, String nodeId) {
        return latestNode(rolloutId, nodeId).map(NodeStatus::getReason).orElse("");
    }

    private Optional<NodeStatus> latestNode(String rolloutId, String nodeId) {
        RolloutStatus s = latest.get(rolloutId);
        return s == null ? Optional.empty() : s.getNodesList().stream().filter(n -> n.getNodeId().equals(nodeId))
                .findFirst();
    }

    // ---- ticks and status -------------------------------------------------------------------------------------------

    private void tick() {
        safely(() -> {
            Instant now = clock.instant();
            for (Rollout r : rollouts.values()) {
                if (r.state().terminal()) {
                    if (dirty.remove(r.rolloutId()) && !terminalPublished.contains(r.rolloutId())) {
                        publishStatus(r, null, now);
                    }
                    continue;
                }
                List<NodeAction> actions = r.tick(now);
                if (r.state().terminal()) {
                    stopped.add(r.rolloutId());
                }
                dispatch(r, actions, null);
                Instant last = lastStatusAt.get(r.rolloutId());
                if (r.state().terminal() || dirty.contains(r.rolloutId()) || last == null
                        || !now.isBefore(last.plus(settings.statusInterval()))) {
                    publishStatus(r, null, now);
                } else {
                    latest.put(r.rolloutId(), statusOf(r, now));
                }
            }
            settleConflicts(now, false);
        });
    }

    private void publishStatus(Rollout r, EventEnvelope cause, Instant now) {
        dirty.remove(r.rolloutId());
        lastStatusAt.put(r.rolloutId(), now);
        RolloutStatus status = statusOf(r, now);
        latest.put(r.rolloutId(), status);
        if (r.state().terminal()) {
            if (!terminalPublished.add(r.rolloutId())) {
                return;
            }
            audit.write(AuditEntry.of(publisher.producer(), "rollout.finish", r.rolloutId(), "", r.state().name(),
                    cause == null ? "" : cause.getEventId(), Map.of("reason", r.reason(),
                            "nodes_healthy", Long.toString(r.healthyNodes()),
                            "nodes_failed", Long.toString(r.failedNodes()))));
            log.info("rollout {} {}: {}", r.rolloutId(), r.state(), r.reason());
        }
        publisher.publish(Topics.ROLLOUT_STATUS, r.rolloutId(), status, r.rolloutId(), cause);
    }

    static RolloutStatus statusOf(Rollout r, Instant now) {
        RolloutStatus.Builder status = RolloutStatus.newBuilder()
                .setRolloutId(r.rolloutId()).setState(r.state().name()).setPaused(r.paused())
                .setNodesTotal(Math.max(r.expectedNodes(), r.nodes(now).size()))
                .setNodesHealthy((int) r.healthyNodes()).setNodesFailed((int) r.failedNodes())
                .setReason(r.reason()).setCurrentWave(r.currentWave() + 1).setWavesTotal(r.wavesTotal())
                .setApplyMode(r.policy().applyMode().flag()).setMaxParallel(r.policy().maxParallel())
                .setMaxFailures(r.policy().maxFailures())
                .setHealthTimeout(EventEnvelopes.duration(r.policy().healthTimeout()))
                .setProgressDeadline(EventEnvelopes.duration(r.policy().progressDeadline()))
                .setRollbackOnFailure(r.policy().rollbackOnFailure())
                .setTryTimeout(EventEnvelopes.duration(r.policy().tryTimeout()))
                .setStartPaused(r.policy().startPaused())
                .setUpgradeTimeout(EventEnvelopes.duration(r.policy().upgradeTimeout()))
                .setOnConflict(r.policy().onConflict().wire()).setStrategy(r.policy().strategy())
                .setSupersededBy(r.supersededBy()).addAllQueuedBehind(r.queuedBehind());
        if (r.startedAt() != null) {
            status.setStartedAt(EventEnvelopes.timestamp(r.startedAt()));
        }
        if (r.updatedAt() != null) {
            status.setUpdatedAt(EventEnvelopes.timestamp(r.updatedAt()));
        }
        for (NodeProgress p : r.nodes(now)) {
            NodeStatus.Builder n = NodeStatus.newBuilder().setNodeId(p.nodeId()).setState(p.state().name())
                    .setReason(p.reason() == null ? "" : p.reason()).setWaitReason(p.waitReason())
                    .setWaitedSeconds(p.waitedSeconds()).setTimeoutSeconds(p.timeoutSeconds())
                    .setConfigDigest(p.configDigest()).setEndpoint(p.endpoint()).setWave(p.wave())
                    .setCallMillis(p.callMillis()).setControlPlane(p.controlPlane()).setLease(p.lease());
            if (p.since() != null) {
                n.setSince(EventEnvelopes.timestamp(p.since()));
            }
            if (p.startedAt() != null) {
                n.setStartedAt(EventEnvelopes.timestamp(p.startedAt()));
            }
            if (p.finishedAt() != null) {
                n.setFinishedAt(EventEnvelopes.timestamp(p.finishedAt()));
            }
            status.addNodes(n);
        }
        return status.build();
    }

    /** The latest status of every rollout this deployer knows (for the HTTP API). */
    public Collection<RolloutStatus> statuses() {
        return List.copyOf(latest.values());
    }

    public Optional<RolloutStatus> status(String rolloutId) {
        return Optional.ofNullable(latest.get(rolloutId));
    }

    /**
     * The status as of the last tick, from memory: never waits for the coordinator thread, which may be held up in a
     * publish while Kafka is unreachable.
     */
    public Optional<RolloutStatus> currentStatus(String rolloutId) {
        return status(rolloutId);
    }

    public boolean live() {
        return live;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private RolloutPolicy policyOf(RolloutRequested req) {
        RolloutPolicy d = settings.defaults();
        java.time.Duration health = req.hasHealthTimeout() ? duration(req.getHealthTimeout(), "health_timeout")
                : d.healthTimeout();
        java.time.Duration tryTimeout = req.hasTryTimeout() ? duration(req.getTryTimeout(), "try_timeout")
                : req.hasHealthTimeout() ? health.plusMinutes(1) : d.tryTimeout();
        return new RolloutPolicy(req.getMaxParallel() > 0 ? req.getMaxParallel() : d.maxParallel(),
                req.hasMaxFailures() ? req.getMaxFailures() : d.maxFailures(), health,
                req.hasProgressDeadline() ? duration(req.getProgressDeadline(), "progress_deadline")
                        : d.progressDeadline(),
                req.getApplyMode().isBlank() ? d.applyMode()
                        : ApplyMode.parse(req.getApplyMode(), "rollout.requested apply_mode"),
                req.hasRollbackOnFailure() ? req.getRollbackOnFailure() : d.rollbackOnFailure(), tryTimeout,
                req.hasStartPaused() ? req.getStartPaused() : d.startPaused(),
                req.hasUpgradeTimeout() ? duration(req.getUpgradeTimeout(), "upgrade_timeout") : d.upgradeTimeout(),
                req.getOnConflict().isBlank() ? d.onConflict()
                        : OnConflict.parse(req.getOnConflict(), "rollout.requested on_conflict"),
                req.getStrategy().isBlank() ? d.strategy() : req.getStrategy());
    }

    private static java.time.Duration duration(Duration d, String field) {
        java.time.Duration out = java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
        if (out.isNegative() || out.isZero()) {
            throw new IllegalArgumentException("rollout.requested " + field + " must be positive, got " + out);
        }
        return out;
    }

    private static StepPurpose purposeOfStage(String stage) {
        try {
            return StepPurpose.fromWire(stage);
        } catch (IllegalArgumentException e) {
            return StepPurpose.APPLY;
        }
    }

    private static Object payloadOf(String topic, EventEnvelope env) {
        return switch (topic) {
            case Topics.ROLLOUT_REQUESTED -> EventEnvelopes.payload(env, RolloutRequested.class);
            case Topics.CONFIG_SEALED -> EventEnvelopes.payload(env, ConfigSealed.class);
            case Topics.NODE_HEALTH -> EventEnvelopes.payload(env, NodeHealth.class);
            case Topics.NODE_APPLY_FAILED -> EventEnvelopes.payload(env, NodeApplyFailed.class);
            case Topics.ROLLOUT_CONTROL -> EventEnvelopes.payload(env, RolloutControl.class);
            case Topics.ROLLOUT_STATUS -> EventEnvelopes.payload(env, RolloutStatus.class);
            default -> env;
        };
    }

    private Rollout rollout(String rolloutId) {
        return rollouts.computeIfAbsent(rolloutId, id -> new Rollout(id, settings.defaults(),
                node -> {
                    ConfigSealed good = lastKnownGood.get(node);
                    return good != null && !good.getConfigDigest().equals(rollouts.get(id).digest(node));
                }, leases));
    }

    private <T> T onCoordinator(Callable<T> work) {
        try {
            return coordinator.submit(work).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("rollout coordinator did not answer within 60 s", e);
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("rollout coordinator: {}", e.toString(), e);
        }
    }

    private static String failedChecks(NodeHealth h) {
        return h.getChecksList().stream().filter(c -> !c.getOk()).map(c -> c.getName() + ": " + c.getDetail())
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
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
