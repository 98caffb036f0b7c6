package dev.tailtalos.secrets.adapters;

import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.RolloutRequested;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import dev.tailtalos.secrets.domain.authkeys.AuthKeyLifecycle;
import dev.tailtalos.secrets.domain.authkeys.KeyUsage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * rollout.requested → which cluster repo a rollout renders (for rotations); rollout.status → revoke a rotated-out
 * key once the rollout of its successor is COMPLETED.
 */
public class AuthKeyRolloutListener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AuthKeyRolloutListener.class);
    private final AuthKeyLifecycle lifecycle;
    private final KeyUsage usage;

    public AuthKeyRolloutListener(AuthKeyLifecycle lifecycle, KeyUsage usage) {
        this.lifecycle = lifecycle;
        this.usage = usage;
    }

    @KafkaListener(id = "secrets-rollout-requested", topics = Topics.ROLLOUT_REQUESTED, groupId = "secrets-service")
    public void onRequested(ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope = EventEnvelopes.parse(record.value());
        RolloutRequested requested = EventEnvelopes.payload(envelope, RolloutRequested.class);
        usage.rolloutRequested(requested.getRolloutId(), requested.getClusterRepo());
    }

    @KafkaListener(id = "secrets-rollout-status", topics = Topics.ROLLOUT_STATUS, groupId = "secrets-service")
    public void onStatus(ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope = EventEnvelopes.parse(record.value());
        RolloutStatus status = EventEnvelopes.payload(envelope, RolloutStatus.class);
        if (status.getRolloutId().startsWith("rotate-")) {
            log.info("rollout {} of a rotated auth key is {}", status.getRolloutId(), status.getState());
            lifecycle.onRolloutStatus(status.getRolloutId(), status.getState());
        }
    }
}
