package dev.tailtalos.monitor.adapters;

import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.monitor.domain.AuditKeeper;
import dev.tailtalos.monitor.domain.AuthKeyExpiry;
import dev.tailtalos.monitor.domain.NodeBoard;
import java.time.Instant;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Feeds every audit record into the keeper; the store is rebuilt from the topic at start (fresh group offsets). The
 * auth-key lifecycle records secrets-service writes ({@code authkey.import} IMPORTED, {@code authkey.mint} MINTED,
 * {@code authkey.rotate} ROTATED, with {@code details.expires} ISO-8601, {@code custody_path} and {@code key_id})
 * report the stored key's expiry; the latest per custody path feeds the auth-key check.
 */
public class AuditListener {
    /** Audit action → the outcome that means a new key is stored. */
    public static final java.util.Map<String, String> AUTHKEY_STORED = java.util.Map.of(
            "authkey.import", "IMPORTED", "authkey.mint", "MINTED", "authkey.rotate", "ROTATED");
    private static final Logger log = LoggerFactory.getLogger(AuditListener.class);
    private final AuditKeeper keeper;
    private final NodeBoard board;

    public AuditListener(AuditKeeper keeper, NodeBoard board) {
        this.keeper = keeper;
        this.board = board;
    }

    @KafkaListener(id = "monitor-audit", topics = Topics.AUDIT, groupId = "monitor-audit-#{T(java.util.UUID).randomUUID()}",
            properties = {"auto.offset.reset=earliest", "isolation.level=read_committed"})
    public void onAudit(ConsumerRecord<String, byte[]> record) {
        try {
            AuditRecord r = AuditRecord.parseFrom(record.value());
            keeper.add(r);
            if (r.getOutcome().equals(AUTHKEY_STORED.get(r.getAction()))
                    && !r.getDetailsOrDefault("expires", "").isBlank()) {
                try {
                    board.authKey(new AuthKeyExpiry(r.getDetailsOrDefault("custody_path", r.getNodeId()),
                            r.getDetailsOrDefault("key_id", ""), Instant.parse(r.getDetailsOrThrow("expires")),
                            EventEnvelopes.instant(r.getOccurredAt())));
                } catch (java.time.format.DateTimeParseException e) {
                    log.warn("audit record {}#{}: details.expires is not an ISO-8601 instant: {}", r.getProducer(),
                            r.getSequence(), r.getDetailsOrThrow("expires"));
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            log.warn("audit record at {}-{}@{} is not an AuditRecord; kept out of the store", record.topic(),
                    record.partition(), record.offset());
        }
    }
}
