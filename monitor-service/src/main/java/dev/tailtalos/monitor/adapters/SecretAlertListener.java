package dev.tailtalos.monitor.adapters;

import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.MalformedEventException;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.monitor.domain.NodeBoard;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.SecretAlert;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * secrets-service's SecretAlert events (AUTH_KEY_EXPIRING, AUTH_KEY_EXPIRED, AUTH_KEY_ROTATION_IMPOSSIBLE,
 * AUTH_KEY_ROTATION_FAILED) feed the auth-key check; read from the start at every boot, like the audit store.
 */
public class SecretAlertListener {
    private static final Logger log = LoggerFactory.getLogger(SecretAlertListener.class);
    private final NodeBoard board;

    public SecretAlertListener(NodeBoard board) {
        this.board = board;
    }

    @KafkaListener(id = "monitor-secret-alert", topics = Topics.SECRET_ALERT,
            groupId = "monitor-secret-alert-#{T(java.util.UUID).randomUUID()}", properties = "auto.offset.reset=earliest")
    public void onAlert(ConsumerRecord<String, byte[]> record) {
        try {
            EventEnvelope envelope = EventEnvelopes.parse(record.value());
            SecretAlert alert = EventEnvelopes.payload(envelope, SecretAlert.class);
            board.authKeyAlert(alert.getCustodyPath(), alert.getKeyId(),
                    alert.hasExpiresAt() ? EventEnvelopes.instant(alert.getExpiresAt()) : null, alert.getKind(),
                    alert.getReason(), EventEnvelopes.instant(envelope.getOccurredAt()));
        } catch (MalformedEventException e) {
            log.warn("record at {}-{}@{} is not a SecretAlert: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }
}
