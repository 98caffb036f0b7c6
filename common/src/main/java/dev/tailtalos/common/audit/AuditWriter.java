package dev.tailtalos.common.audit;

import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one writer of a producer's hash-chained audit records on {@code tailtalos.audit.v1}, keyed by producer so one
 * chain stays in one partition, in order. Each record is its own Kafka transaction under the transactional id
 * {@code tailtalos-audit.<producer>}: when a second instance of the service starts, Kafka bumps the id's epoch and
 * fences this writer, whose records are then refused by the broker ({@link FencedException}), never recorded; the new
 * instance resumes the chain from the last committed link. Readers of the audit topic read committed records only.
 */
public class AuditWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    public static final String TRANSACTIONAL_ID_PREFIX = "tailtalos-audit.";
    private static final Duration BLOCK = Duration.ofSeconds(30);
    private final Producer<String, byte[]> kafka;
    private final String producer;
    private final AuditChain chain;
    private final Clock clock;
    private boolean fenced;

    /** A second writer took the chain over: this one is stale and may not add to it. */
    public static final class FencedException extends IllegalStateException {
        FencedException(String producer, Throwable cause) {
            super("audit chain " + producer + " is now written by another instance of " + producer
                    + ": this instance is fenced off and its records are refused", cause);
        }
    }

    AuditWriter(Producer<String, byte[]> kafka, String producer, AuditChain chain, Clock clock) {
        this.kafka = kafka;
        this.producer = producer;
        this.chain = chain;
        this.clock = clock;
    }

    /**
     * Takes over {@code producer}'s chain: fences any earlier writer (its open transaction is aborted), then resumes
     * from the chain's last committed link.
     *
     * @param clientProperties Kafka client settings (bootstrap servers, security); serializers and transactions are set here
     */
    public static AuditWriter takeOver(Map<String, Object> clientProperties, String producer, Clock clock) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.keySet().removeIf(k -> k.startsWith(ConsumerConfig.GROUP_ID_CONFIG));
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID_PREFIX + producer);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BLOCK.toMillis());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(props);
        try {
            kafka.initTransactions();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            kafka.close(Duration.ZERO);
            throw new IllegalStateException("cannot take over the audit chain " + producer + ": Kafka's transaction "
                    + "coordinator did not answer within " + BLOCK.toSeconds() + " s (a single-broker Kafka needs "
                    + "transaction.state.log.replication.factor=1 and transaction.state.log.min.isr=1)", e);
        } catch (RuntimeException e) {
            kafka.close(Duration.ZERO);
            throw e;
        }
        String bootstrap = String.valueOf(clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG))
                .replaceAll("[\\[\\] ]", "");
        return new AuditWriter(kafka, producer, AuditLogReader.resume(bootstrap, producer), clock);
    }

    public synchronized AuditRecord write(AuditEntry entry) {
        if (fenced) {
            throw new FencedException(producer, null);
        }
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
        AuditRecord record = chain.next(b);
        try {
            kafka.beginTransaction();
            kafka.send(new ProducerRecord<>(Topics.AUDIT, producer, record.toByteArray())).get(BLOCK.toSeconds(),
                    TimeUnit.SECONDS);
            kafka.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw fence(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new IllegalStateException("interrupted while writing audit record", e);
        } catch (Exception e) {
            if (e.getCause() instanceof ProducerFencedException || e.getCause() instanceof InvalidProducerEpochException) {
                throw fence(e.getCause());
            }
            abort();
            throw new IllegalStateException("could not write audit record " + producer + "#" + record.getSequence(), e);
        }
        chain.advance(record);
        log.debug("audit {}#{} {} {} {}", producer, record.getSequence(), entry.action(), entry.nodeId(), entry.outcome());
        return record;
    }

    private FencedException fence(Throwable cause) {
        fenced = true;
        log.error("audit chain {}: another instance took over; this instance's audit records are refused from now on",
                producer);
        return new FencedException(producer, cause);
    }

    private void abort() {
        try {
            kafka.abortTransaction();
        } catch (RuntimeException e) {
            log.warn("audit chain {}: could not abort the failed transaction: {}", producer, e.getMessage());
        }
    }

    public String producer() {
        return producer;
    }

    public synchronized boolean fenced() {
        return fenced;
    }

    @Override
    public void close() {
        kafka.close(Duration.ofSeconds(5));
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
