package dev.tailtalos.secrets.adapters;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.ConfigRendered;
import dev.tailtalos.proto.events.v1.ConfigSealed;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeApplyFailed;
import dev.tailtalos.proto.events.v1.RenderedPatch;
import dev.tailtalos.secrets.domain.ConfigSealer;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.RenderedParts;
import dev.tailtalos.secrets.domain.SecretReference;
import dev.tailtalos.secrets.domain.UnresolvedReferenceException;
import dev.tailtalos.secrets.domain.authkeys.KeyUsage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import java.util.List;
import java.util.Map;

/** config.rendered → bind secret references from custody → seal → config.sealed (or a failed node, audited). */
public class ConfigRenderedListener {
    private static final Logger log = LoggerFactory.getLogger(ConfigRenderedListener.class);
    private final ConfigSealer sealer;
    private final EventPublisher publisher;
    private final AuditWriter audit;
    /** Event ids handled to the end (sealed or failed for good); a transient failure leaves the id out, so the
     * redelivered record is handled again. */
    private final java.util.Set<String> processed = java.util.Collections.newSetFromMap(
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 100_000;
                }
            }));
    private final KeyUsage usage;

    public ConfigRenderedListener(ConfigSealer sealer, EventPublisher publisher, AuditWriter audit) {
        this(sealer, publisher, audit, new KeyUsage());
    }

    public ConfigRenderedListener(ConfigSealer sealer, EventPublisher publisher, AuditWriter audit, KeyUsage usage) {
        this.sealer = sealer;
        this.publisher = publisher;
        this.audit = audit;
        this.usage = usage;
    }

    @KafkaListener(id = "secrets-config-rendered", topics = Topics.CONFIG_RENDERED, groupId = "secrets-service")
    public void onRendered(ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope = EventEnvelopes.parse(record.value());
        if (processed.contains(envelope.getEventId())) {
            return;
        }
        ConfigRendered rendered = EventEnvelopes.payload(envelope, ConfigRendered.class);
        String nodeId = rendered.getNode().getNodeId();
        StringBuilder plainTexts = new StringBuilder(rendered.getConfigTemplate()).append('\n').append(rendered.getBaseConfig());
        rendered.getPatchesList().stream().filter(p -> !p.getSopsEncrypted()).forEach(p -> plainTexts.append('\n').append(p.getContent()));
        rendered.getExtraManifestsList().stream().filter(m -> !m.getSopsEncrypted())
                .forEach(m -> plainTexts.append('\n').append(m.getContent()));
        for (SecretReference ref : SecretReference.findIn(plainTexts.toString())) {
            usage.used(ref.path(), nodeId, rendered.getRolloutId());
        }
        ConfigSealer.Sealed sealed;
        try {
            List<ConfigSealer.EnvInput> env = rendered.getEnvFilesList().stream()
                    .map(f -> new ConfigSealer.EnvInput(f.getName(), f.getContent(), f.getSopsEncrypted(), f.getDigest()))
                    .toList();
            sealed = rendered.getBaseConfig().isEmpty()
                    ? sealer.sealTemplate(rendered.getRolloutId(), nodeId, rendered.getConfigTemplate(), env)
                    : sealer.seal(rendered.getRolloutId(), nodeId, parts(rendered), env);
        } catch (Custody.CustodyUnavailableException e) {
            if (e.isTransient()) {
                // Vault is down or sealed: nothing is sealed, the record is retried (error handler backoff); the
                // rollout waits for this node instead of failing it.
                audit.write(AuditEntry.of(publisher.producer(), "config.seal", rendered.getRolloutId(), nodeId, "RETRY",
                        envelope.getEventId(), Map.of("reason", e.getMessage())));
                throw e;
            }
            fail(rendered, nodeId, envelope, e.getMessage());
            processed.add(envelope.getEventId());
            return;
        } catch (UnresolvedReferenceException | IllegalArgumentException e) {
            processed.add(envelope.getEventId());
            log.warn("rollout {} node {}: cannot seal config: {}", rendered.getRolloutId(), nodeId, e.getMessage());
            publisher.publish(Topics.NODE_APPLY_FAILED, nodeId, NodeApplyFailed.newBuilder()
                    .setRolloutId(rendered.getRolloutId()).setNodeId(nodeId).setStage("seal")
                    .setReason(e.getMessage()).setPermanent(true).build(), rendered.getRolloutId(), envelope);
            audit.write(AuditEntry.of(publisher.producer(), "config.seal", rendered.getRolloutId(), nodeId, "FAILED",
                    envelope.getEventId(), Map.of("reason", e.getMessage())));
            return;
        }
        ConfigSealed event = ConfigSealed.newBuilder()
                .setRolloutId(rendered.getRolloutId())
                .setNode(rendered.getNode())
                .setSealedConfig(sealed.box())
                .setConfigDigest(sealed.configDigest())
                .setNodeIndex(rendered.getNodeIndex())
                .setNodeCount(rendered.getNodeCount())
                .setReferencesBound(sealed.referencesBound())
                .setInstallerImage(rendered.getInstallerImage())
                .setTalosVersion(rendered.getTalosVersion())
                .build();
        processed.add(envelope.getEventId());
        EventEnvelope out = publisher.publish(Topics.CONFIG_SEALED, nodeId, event, rendered.getRolloutId(), envelope);
        audit.write(new AuditEntry(publisher.producer(), "config.seal", rendered.getRolloutId(), nodeId, "SEALED",
                out.getEventId(), Map.of("config_digest", sealed.configDigest(), "key_id", sealed.box().getKeyId(),
                "references_bound", Integer.toString(sealed.referencesBound())), sealed.secretHmacs()));
        log.info("rollout {} node {}: sealed config {} ({} secret references bound)", rendered.getRolloutId(), nodeId,
                sealed.configDigest().substring(0, 12), sealed.referencesBound());
    }

    private void fail(ConfigRendered rendered, String nodeId, EventEnvelope envelope, String reason) {
        log.warn("rollout {} node {}: cannot seal config: {}", rendered.getRolloutId(), nodeId, reason);
        publisher.publish(Topics.NODE_APPLY_FAILED, nodeId, NodeApplyFailed.newBuilder()
                .setRolloutId(rendered.getRolloutId()).setNodeId(nodeId).setStage("seal")
                .setReason(reason).setPermanent(true).build(), rendered.getRolloutId(), envelope);
        audit.write(AuditEntry.of(publisher.producer(), "config.seal", rendered.getRolloutId(), nodeId, "FAILED",
                envelope.getEventId(), Map.of("reason", reason)));
    }

    private static RenderedParts parts(ConfigRendered rendered) {
        return new RenderedParts(rendered.getBaseConfig(),
                rendered.getPatchesList().stream().map(ConfigRenderedListener::patch).toList(),
                rendered.getExtraManifestsList().stream().map(m -> new RenderedParts.ExtraManifest(m.getPosition(),
                        m.getSource(), m.getField(), m.getContent(), m.getSopsEncrypted(), m.getDigest())).toList(),
                rendered.getInlineManifestsList().stream().map(m -> new RenderedParts.InlineManifest(m.getIndex(),
                        m.getName(), m.getSource(), m.getField(), m.getContent(), m.getSkipEnvsubst(), m.getDigest()))
                        .toList());
    }

    private static ConfigSealer.PatchInput patch(RenderedPatch p) {
        return new ConfigSealer.PatchInput(p.getPosition(), p.getSource(), p.getContent(), p.getSopsEncrypted(),
                p.getDigest(), p.getBatch(), p.getGoTemplate(), p.getInline(), p.getField());
    }
}
