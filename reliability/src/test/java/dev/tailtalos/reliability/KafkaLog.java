package dev.tailtalos.reliability;

import com.google.protobuf.Message;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.kafka.TopicLog;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/** Counts and payloads of whole topics, without a consumer group. */
final class KafkaLog {
    private KafkaLog() {
    }

    static long count(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum()
                    - consumer.beginningOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static <T extends Message> List<T> payloads(String bootstrap, String topic, Class<T> type, Predicate<T> filter) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicLog.records(bootstrap, topic)) {
            EventEnvelope envelope = EventEnvelopes.parse(r.value());
            T payload = EventEnvelopes.payload(envelope, type);
            if (filter.test(payload)) {
                out.add(payload);
            }
        }
        return out;
    }
}
