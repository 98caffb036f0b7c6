package dev.tailtalos.common.audit;

import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Finds the last link of one producer's audit chain. Audit records are keyed by producer, so the chain lies in the one
 * partition the default partitioner picks for that key; that partition is read backwards from its end, a window at a
 * time, until a record of the producer turns up. Other producers whose keys land in the same partition are skipped.
 */
final class AuditChainResume {
    static final int WINDOW = 500;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Consumer<ConsumerRecord<String, byte[]>> onRead;

    /** {@code onRead} sees every record fetched, for tests. */
    AuditChainResume(String bootstrapServers, Consumer<ConsumerRecord<String, byte[]>> onRead) {
        this.bootstrapServers = bootstrapServers;
        this.onRead = onRead;
    }

    /** The partition Kafka's default partitioner picks for a record keyed by {@code producer} (UTF-8, murmur2). */
    static int partitionOf(String producer, int partitions) {
        return Utils.toPositive(Utils.murmur2(producer.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    AuditChain resume(String producer) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.AUDIT, Duration.ofSeconds(30));
            if (partitions.isEmpty()) {
                return AuditChain.fresh();
            }
            TopicPartition partition = new TopicPartition(Topics.AUDIT, partitionOf(producer, partitions.size()));
            consumer.assign(List.of(partition));
            long beginning = consumer.beginningOffsets(List.of(partition)).get(partition);
            long upper = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (upper > beginning) {
                long lower = Math.max(beginning, upper - WINDOW);
                AuditRecord last = lastOf(producer, consumer, partition, lower, upper, deadline);
                if (last != null) {
                    return new AuditChain(last.getSequence(), last.getHash());
                }
                upper = lower;
            }
            return AuditChain.fresh();
        }
    }

    /** The producer's record with the highest offset in [lower, upper), or null. */
    private AuditRecord lastOf(String producer, KafkaConsumer<String, byte[]> consumer, TopicPartition partition,
                               long lower, long upper, long deadline) {
        consumer.seek(partition, lower);
        AuditRecord last = null;
        while (consumer.position(partition) < upper) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partition + " back to " + producer
                        + "'s last audit record within " + DEADLINE.toSeconds() + "s");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() >= upper) {
                    break;
                }
                onRead.accept(r);
                AuditRecord record = AuditLogReader.parse(r);
                if (record.getProducer().equals(producer)) {
                    last = record;
                }
            }
        }
        return last;
    }

    private Properties properties() {
        Properties props = AuditLogReader.consumerProperties(bootstrapServers);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, WINDOW);
        return props;
    }
}
