package dev.tailtalos.config.adapters;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.crypto.Sha256;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.ProcessedEvents;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.config.domain.ConfigProblem;
import dev.tailtalos.config.domain.ConfigValidationException;
import dev.tailtalos.config.domain.LintFinding;
import dev.tailtalos.config.domain.LoadedTalconfig;
import dev.tailtalos.config.domain.MachineConfigRenderer;
import dev.tailtalos.config.domain.RenderPipeline;
import dev.tailtalos.config.domain.TailnetObservations;
import dev.tailtalos.config.domain.RenderedCluster;
import dev.tailtalos.config.domain.RenderedNode;
import dev.tailtalos.config.domain.TalconfigLoader;
import dev.tailtalos.proto.events.v1.ConfigRendered;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeRef;
import dev.tailtalos.proto.events.v1.RenderedEnvFile;
import dev.tailtalos.proto.events.v1.RenderedExtraManifest;
import dev.tailtalos.proto.events.v1.RenderedInlineManifest;
import dev.tailtalos.proto.events.v1.RenderedPatch;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import dev.tailtalos.proto.events.v1.SecretReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * rollout.requested → read the cluster repo → render every node → config.rendered per node (secret references only).
 * A repo that fails validation emits no config at all: the rollout is reported FAILED with every problem.
 */
public class RolloutRequestedListener {
    private static final Logger log = LoggerFactory.getLogger(RolloutRequestedListener.class);
    private final RenderPipeline pipeline;
    private final TailnetObservations observations;
    private final RolloutTrigger trigger;
    private final EventPublisher publisher;
    private final AuditWriter audit;
    private final Map<String, String> processEnv;
    private final ProcessedEvents processed = new ProcessedEvents(10_000);

    public RolloutRequestedListener(TalconfigLoader loader, MachineConfigRenderer renderer, EventPublisher publisher,
                                    AuditWriter audit, Map<String, String> processEnv) {
        this(new RenderPipeline(loader, renderer), new TailnetObservations(), null, publisher, audit, processEnv);
    }

    public RolloutRequestedListener(RenderPipeline pipeline, TailnetObservations observations, RolloutTrigger trigger,
                                    EventPublisher publisher, AuditWriter audit, Map<String, String> processEnv) {
        this.pipeline = pipeline;
        this.observations = observations;
        this.trigger = trigger;
        this.publisher = publisher;
        this.audit = audit;
        this.processEnv = processEnv;
    }

    @KafkaListener(id = "config-rollout-requested", topics = Topics.ROLLOUT_REQUESTED, groupId = "config-service")
    public void onRequested(ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope = EventEnvelopes.parse(record.value());
        if (!processed.firstTime(envelope.getEventId())) {
            return;
        }
        RolloutRequested request = EventEnvelopes.payload(envelope, RolloutRequested.class);
        String rolloutId = request.getRolloutId();
        if (trigger != null) {
            trigger.seen(request.getClusterRepo());
        }
        RenderedCluster cluster;
        LoadedTalconfig repo;
        List<String> lintWarnings;
        try {
            RenderPipeline.Result result = pipeline.run(Path.of(request.getClusterRepo()), processEnv,
                    observations.sansByNode());
            // the repo's lint policy let these through: they travel with the rollout (audit, config.rendered)
            lintWarnings = result.warnings().stream().map(LintFinding::toString).toList();
            lintWarnings.forEach(w -> log.warn("rollout {}: {}", rolloutId, w));
            cluster = result.cluster();
            repo = result.repo();
        } catch (ConfigValidationException e) {
            // errors first, so the first thing status shows is the first error (file, line, field)
            reject(rolloutId, envelope, e.problems().stream()
                    .sorted(java.util.Comparator.comparing(p -> p.severity() != ConfigProblem.Severity.ERROR))
                    .map(Object::toString).collect(Collectors.joining("; ")));
            return;
        } catch (RuntimeException e) {
            reject(rolloutId, envelope, e.getMessage());
            return;
        }
        List<RenderedNode> nodes = cluster.nodes().stream()
                .filter(n -> request.getNodeIdsList().isEmpty() || request.getNodeIdsList().contains(n.hostname()))
                .toList();
        if (nodes.isEmpty()) {
            reject(rolloutId, envelope, "no node of cluster " + cluster.clusterName() + " matches " + request.getNodeIdsList());
            return;
        }
        Map<String, String> accepted = new java.util.LinkedHashMap<>(Map.of("cluster", cluster.clusterName(),
                "repo", request.getClusterRepo(), "reason", request.getReason(), "nodes", Integer.toString(nodes.size())));
        if (!lintWarnings.isEmpty()) {
            accepted.put("lint_warnings", String.join("\n", lintWarnings));
        }
        audit.write(AuditEntry.of(request.getRequestedBy().isEmpty() ? "unknown" : request.getRequestedBy(),
                "rollout.request", rolloutId, "", "ACCEPTED", envelope.getEventId(), accepted));
        for (int i = 0; i < nodes.size(); i++) {
            RenderedNode node = nodes.get(i);
            ConfigRendered.Builder event = ConfigRendered.newBuilder()
                    .setRolloutId(rolloutId)
                    .setNode(NodeRef.newBuilder().setNodeId(node.hostname()).setControlPlane(node.controlPlane())
                            .addAllAddresses(node.addresses()))
                    .setClusterName(cluster.clusterName())
                    .setConfigTemplate(node.configYaml())
                    .setTemplateDigest(Sha256.hex(node.configYaml()))
                    .setNodeIndex(i)
                    .setNodeCount(nodes.size())
                    .setTalosVersion(node.talosVersion())
                    .setInstallerImage(node.installerImage())
                    .addAllLintWarnings(lintWarnings);
            node.references().forEach(r -> event.addReferences(SecretReference.newBuilder().setUri(r.uri())
                    .setUsedAt(r.usedAt())));
            if (node.deferred()) {
                // DESIGN rule 7: secrets-service builds the config from base_config, every patch in order and the
                // extraManifests, decrypting the SOPS-encrypted files; config_template (without them) is a preview only.
                event.setBaseConfig(node.baseConfig());
                node.patches().forEach(p -> event.addPatches(RenderedPatch.newBuilder().setPosition(p.position())
                        .setSource(p.source()).setContent(p.content()).setSopsEncrypted(p.sopsEncrypted())
                        .setDigest(p.digest()).setBatch(p.batch()).setGoTemplate(p.goTemplate()).setInline(p.inline())
                        .setField(p.field())));
                node.extraManifests().forEach(m -> event.addExtraManifests(RenderedExtraManifest.newBuilder()
                        .setPosition(m.position()).setSource(m.source()).setField(m.field()).setContent(m.content())
                        .setSopsEncrypted(m.sopsEncrypted()).setDigest(m.digest())));
                node.inlineManifests().forEach(m -> event.addInlineManifests(RenderedInlineManifest.newBuilder()
                        .setIndex(m.index()).setName(m.name()).setSource(m.source()).setField(m.field())
                        .setContent(m.content()).setSkipEnvsubst(m.skipEnvsubst()).setDigest(m.digest())));
            }
            if (node.deferred() || repo.hasDeferredEnv()) {
                // secrets-service rebuilds the repo env from these to substitute ${VAR} in decrypted patches and to
                // bind sops-env:// references; encrypted files stay encrypted
                repo.envFiles().forEach(f -> event.addEnvFiles(RenderedEnvFile.newBuilder().setName(f.name())
                        .setContent(f.content()).setSopsEncrypted(f.sopsEncrypted()).setDigest(f.digest())));
            }
            EventEnvelope out = publisher.publish(Topics.CONFIG_RENDERED, node.hostname(), event.build(), rolloutId, envelope);
            Map<String, String> details = new java.util.LinkedHashMap<>(Map.of("template_digest", event.getTemplateDigest(),
                    "installer_image", node.installerImage(), "secret_references",
                    Integer.toString(node.references().size())));
            List<String> sopsPatches = node.patches().stream().filter(p -> p.sopsEncrypted())
                    .map(p -> p.position() + ":" + p.source() + "@" + p.digest()).toList();
            if (!sopsPatches.isEmpty()) {
                details.put("sops_patches", String.join(",", sopsPatches));
            }
            List<String> sopsManifests = java.util.stream.Stream.concat(
                    node.extraManifests().stream().filter(m -> m.sopsEncrypted()).map(m -> m.field() + ":" + m.source()
                            + "@" + m.digest()),
                    node.inlineManifests().stream().map(m -> m.field() + ":" + m.source() + "@" + m.digest())).toList();
            if (!sopsManifests.isEmpty()) {
                details.put("sops_manifests", String.join(",", sopsManifests));
            }
            List<String> sopsEnv = event.getEnvFilesList().stream().filter(RenderedEnvFile::getSopsEncrypted)
                    .map(f -> f.getName() + "@" + f.getDigest()).toList();
            if (!sopsEnv.isEmpty()) {
                details.put("sops_env_files", String.join(",", sopsEnv));
            }
            audit.write(AuditEntry.of(publisher.producer(), "config.render", rolloutId, node.hostname(), "RENDERED",
                    out.getEventId(), details));
            log.info("rollout {} node {}: rendered ({} secret references, {} SOPS-encrypted patches left for sealing{})",
                    rolloutId, node.hostname(), node.references().size(), sopsPatches.size(),
                    sopsManifests.isEmpty() ? "" : ", " + sopsManifests.size() + " SOPS-encrypted manifests");
        }
    }

    private void reject(String rolloutId, EventEnvelope cause, String reason) {
        log.warn("rollout {}: cluster repo rejected: {}", rolloutId, reason);
        publisher.publish(Topics.ROLLOUT_STATUS, rolloutId, RolloutStatus.newBuilder().setRolloutId(rolloutId)
                .setState("FAILED").setReason("cluster repo rejected: " + reason).build(), rolloutId, cause);
        audit.write(AuditEntry.of(publisher.producer(), "config.render", rolloutId, "", "REJECTED", cause.getEventId(),
                Map.of("reason", reason)));
    }
}
