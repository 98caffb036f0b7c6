package dev.tailtalos.common.audit;

import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes this producer's hash-chained audit records to {@code tailtalos.audit.v1}, keyed by producer so one chain
 * stays in one partition, in order. Writes are serialised and acknowledged before the next link is made.
 */
public class AuditWriter {
    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    private final KafkaTemplate<String, byte[]> kafka;
    private final String producer;
    private final AuditChain chain;
    private final Clock clock;

    public AuditWriter(KafkaTemplate<String, byte[]> kafka, String producer, AuditChain chain, Clock clock) {
        this.kafka = kafka;
        this.producer = producer;
        this.chain = chain;
        this.clock = clock;
    }

    public synchronized AuditRecord write(AuditEntry entry) {
        AuditRecord.Builder b = AuditRecord.newBuilder()
                .setProducer(producer)
                .setOccurredAt(EventEnvelopes.timestamp(clock.instant()))
                .setActor(entry.actor())
                .setAction(entry.action())
                .setRolloutId(entry.rolloutId())
                .setNodeId(entry.nodeId())
                .setOutcome(entry.outcome())
                .setEventId(entry.eventId())
                .putAllDetails(entry.details())
                .putAllSecretHmacs(entry.secretHmacs());
        AuditRecord record = chain.link(b);
        try {
            kafka.send(Topics.AUDIT, producer, record.toByteArray()).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing audit record", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not write audit record " + producer + "#" + record.getSequence(), e);
        }
        log.debug("audit {}#{} {} {} {}", producer, record.getSequence(), entry.action(), entry.nodeId(), entry.outcome());
        return record;
    }

    public String producer() {
        return producer;
    }

    /** What happened, by whom, to what. Secret values never go here: only their HMACs. */
    public record AuditEntry(String actor, String action, String rolloutId, String nodeId, String outcome, String eventId,
                             Map<String, String> details, Map<String, String> secretHmacs) {
        public AuditEntry {
            rolloutId = rolloutId == null ? "" : rolloutId;
            nodeId = nodeId == null ? "" : nodeId;
            outcome = outcome == null ? "" : outcome;
            eventId = eventId == null ? "" : eventId;
            details = details == null ? Map.of() : details;
            secretHmacs = secretHmacs == null ? Map.of() : secretHmacs;
        }

        public static AuditEntry of(String actor, String action, String rolloutId, String nodeId, String outcome,
                                    String eventId, Map<String, String> details) {
            return new AuditEntry(actor, action, rolloutId, nodeId, outcome, eventId, details, Map.of());
        }
    }
}
