package dev.tailtalos.secrets.app;

import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/** What the service under test wrote to Kafka, read from the beginning of a topic to its current end. */
final class TopicRecords {
    private TopicRecords() {
    }

    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline
                    && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    static List<AuditRecord> audits(String bootstrapServers) {
        List<AuditRecord> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : read(bootstrapServers, Topics.AUDIT)) {
            try {
                out.add(AuditRecord.parseFrom(r.value()));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Polls {@code probe} until it gives a value that is neither null nor {@code false}. */
    static <T> T await(Duration timeout, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null && !(value instanceof Boolean b && !b)) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("condition not met within " + timeout.toSeconds() + " s");
    }
}
