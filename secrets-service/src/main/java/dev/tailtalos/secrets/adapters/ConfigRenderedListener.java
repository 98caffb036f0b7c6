package dev.tailtalos.secrets.adapters;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.ProcessedEvents;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.ConfigRendered;
import dev.tailtalos.proto.events.v1.ConfigSealed;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeApplyFailed;
import dev.tailtalos.secrets.domain.ConfigSealer;
import dev.tailtalos.secrets.domain.UnresolvedReferenceException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import java.util.Map;

/** config.rendered → bind secret references from custody → seal → config.sealed (or a failed node, audited). */
public class ConfigRenderedListener {
    private static final Logger log = LoggerFactory.getLogger(ConfigRenderedListener.class);
    private final ConfigSealer sealer;
    private final EventPublisher publisher;
    private final AuditWriter audit;
    private final ProcessedEvents processed = new ProcessedEvents(100_000);

    public ConfigRenderedListener(ConfigSealer sealer, EventPublisher publisher, AuditWriter audit) {
        this.sealer = sealer;
        this.publisher = publisher;
        this.audit = audit;
    }

    @KafkaListener(id = "secrets-config-rendered", topics = Topics.CONFIG_RENDERED, groupId = "secrets-service")
    public void onRendered(ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope = EventEnvelopes.parse(record.value());
        if (!processed.firstTime(envelope.getEventId())) {
            return;
        }
        ConfigRendered rendered = EventEnvelopes.payload(envelope, ConfigRendered.class);
        String nodeId = rendered.getNode().getNodeId();
        ConfigSealer.Sealed sealed;
        try {
            sealed = sealer.seal(rendered.getRolloutId(), nodeId, rendered.getConfigTemplate());
        } catch (UnresolvedReferenceException | IllegalArgumentException e) {
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
        EventEnvelope out = publisher.publish(Topics.CONFIG_SEALED, nodeId, event, rendered.getRolloutId(), envelope);
        audit.write(new AuditEntry(publisher.producer(), "config.seal", rendered.getRolloutId(), nodeId, "SEALED",
                out.getEventId(), Map.of("config_digest", sealed.configDigest(), "key_id", sealed.box().getKeyId(),
                "references_bound", Integer.toString(sealed.referencesBound())), sealed.secretHmacs()));
        log.info("rollout {} node {}: sealed config {} ({} secret references bound)", rendered.getRolloutId(), nodeId,
                sealed.configDigest().substring(0, 12), sealed.referencesBound());
    }
}
