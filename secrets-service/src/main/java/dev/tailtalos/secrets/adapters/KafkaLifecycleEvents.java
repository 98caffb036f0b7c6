package dev.tailtalos.secrets.adapters;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.crypto.SecretHmac;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.SecretAlert;
import dev.tailtalos.secrets.domain.authkeys.LifecycleEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The auth-key lifecycle's events on Kafka: rollout.requested, SecretAlert, and audit records with HMACs of secrets. */
public class KafkaLifecycleEvents implements LifecycleEvents {
    private static final Logger log = LoggerFactory.getLogger(KafkaLifecycleEvents.class);
    private final EventPublisher publisher;
    private final AuditWriter audit;
    private final SecretHmac hmac;

    public KafkaLifecycleEvents(EventPublisher publisher, AuditWriter audit, SecretHmac hmac) {
        this.publisher = publisher;
        this.audit = audit;
        this.hmac = hmac;
    }

    @Override
    public void requestRollout(String rolloutId, String clusterRepo, Set<String> nodeIds, String reason) {
        publisher.publish(Topics.ROLLOUT_REQUESTED, rolloutId, RolloutRequested.newBuilder()
                .setRolloutId(rolloutId).setClusterRepo(clusterRepo).setRequestedBy(publisher.producer())
                .setReason(reason).addAllNodeIds(nodeIds).build(), rolloutId, null);
        log.info("requested rollout {} of {} for: {}", rolloutId, nodeIds, reason);
    }

    @Override
    public void alert(String kind, String custodyPath, String keyId, Instant expiresAt, String reason, String rolloutId) {
        SecretAlert.Builder alert = SecretAlert.newBuilder().setKind(kind).setCustodyPath(custodyPath)
                .setKeyId(keyId == null ? "" : keyId).setReason(reason).setRolloutId(rolloutId == null ? "" : rolloutId);
        if (expiresAt != null) {
            alert.setExpiresAt(EventEnvelopes.timestamp(expiresAt));
        }
        publisher.publish(Topics.SECRET_ALERT, custodyPath, alert.build(), rolloutId == null ? "" : rolloutId, null);
        log.warn("secret alert {} for {} (key {}): {}", kind, custodyPath, keyId, reason);
    }

    @Override
    public void audit(String action, String custodyPath, String outcome, Map<String, String> details,
                      Map<String, String> secretValues) {
        Map<String, String> d = new LinkedHashMap<>(details);
        d.put("custody_path", custodyPath);
        Map<String, String> hmacs = new LinkedHashMap<>();
        secretValues.forEach((name, value) -> hmacs.put(name, hmac.of(value)));
        audit.write(new AuditEntry(publisher.producer(), action, "", custodyPath, outcome, "", d, hmacs));
    }
}
