package dev.tailtalos.common.events;

import dev.tailtalos.proto.events.v1.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads topics from the beginning to the end offsets they have now, without a consumer group, and returns their
 * events in the order they happened (envelope time; ties keep the topics' order as given, then offsets).
 */
public class TopicReplayer {
    private static final Logger log = LoggerFactory.getLogger(TopicReplayer.class);
    private final String bootstrapServers;

    public record Replayed(String topic, EventEnvelope envelope, int topicRank, long offset) {
    }

    public TopicReplayer(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public List<Replayed> replay(List<String> topics, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<Replayed> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replaying " + topics + " did not reach the end offsets within "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    try {
                        out.add(new Replayed(r.topic(), EventEnvelopes.parse(r.value()), topics.indexOf(r.topic()),
                                r.offset()));
                    } catch (MalformedEventException e) {
                        log.warn("replay skips {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
            }
        }
        out.sort(Comparator.comparing((Replayed r) -> EventEnvelopes.instant(r.envelope().getOccurredAt()))
                .thenComparingInt(Replayed::topicRank).thenComparingLong(Replayed::offset));
        return out;
    }
}
