package dev.tailtalos.monitor.adapters;

import dev.tailtalos.common.events.Topics;
import dev.tailtalos.monitor.domain.AuditKeeper;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/** Feeds every audit record into the keeper; the store is rebuilt from the topic at start (fresh group offsets). */
public class AuditListener {
    private static final Logger log = LoggerFactory.getLogger(AuditListener.class);
    private final AuditKeeper keeper;

    public AuditListener(AuditKeeper keeper) {
        this.keeper = keeper;
    }

    @KafkaListener(id = "monitor-audit", topics = Topics.AUDIT, groupId = "monitor-audit-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=earliest")
    public void onAudit(ConsumerRecord<String, byte[]> record) {
        try {
            keeper.add(AuditRecord.parseFrom(record.value()));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            log.warn("audit record at {}-{}@{} is not an AuditRecord; kept out of the store", record.topic(),
                    record.partition(), record.offset());
        }
    }
}
