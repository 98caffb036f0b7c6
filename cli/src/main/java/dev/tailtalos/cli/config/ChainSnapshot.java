package dev.tailtalos.cli.config;

import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.config.domain.TailnetObservations;
import dev.tailtalos.proto.events.v1.ConfigRendered;
import dev.tailtalos.proto.events.v1.ConfigSealed;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeObserved;
import dev.tailtalos.proto.events.v1.SealedBox;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What the event chain holds for a render preview, read from the beginning to the current end of three topics without
 * joining a consumer group: each node's last sealed config (config.sealed, keyed by node, so the last record of a node
 * is its latest), the config.rendered template it was sealed from (its causation), and the tailnet names observed for
 * each node (node.observed, which config-service adds to cert SANs).
 */
record ChainSnapshot(Map<String, SealedConfig> sealed, Map<String, List<String>> tailnetSans, int unreadable) {

    /**
     * A node's last sealed config; the box is opened only by {@link ChainUnsealer}.
     *
     * @param renderedTemplate the config.rendered template it was sealed from (secrets as references), null when that
     *                         event is no longer on the topic
     */
    record SealedConfig(String nodeId, String rolloutId, String configDigest, SealedBox box, Instant sealedAt,
                        String renderedTemplate) {
        @Override
        public String toString() {
            return "SealedConfig[" + nodeId + ", " + rolloutId + ", " + configDigest + "]";
        }
    }

    static ChainSnapshot read(String bootstrapServers, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        Map<String, SealedConfig> sealed = new LinkedHashMap<>();
        Map<String, String> causes = new java.util.HashMap<>();
        Map<String, String> templates = new java.util.HashMap<>();
        TailnetObservations observations = new TailnetObservations();
        int unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.CONFIG_RENDERED, Topics.CONFIG_SEALED, Topics.NODE_OBSERVED)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new ChainException("Kafka at " + bootstrapServers + " did not deliver " + Topics.CONFIG_SEALED
                            + " to its end within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        EventEnvelope envelope = EventEnvelopes.parse(r.value());
                        if (r.topic().equals(Topics.CONFIG_RENDERED)) {
                            templates.put(envelope.getEventId(), EventEnvelopes.payload(envelope, ConfigRendered.class)
                                    .getConfigTemplate());
                        } else if (r.topic().equals(Topics.CONFIG_SEALED)) {
                            ConfigSealed event = EventEnvelopes.payload(envelope, ConfigSealed.class);
                            String node = event.getNode().getNodeId();
                            sealed.put(node, new SealedConfig(node, event.getRolloutId(), event.getConfigDigest(),
                                    event.getSealedConfig(), EventEnvelopes.instant(envelope.getOccurredAt()), null));
                            causes.put(node, envelope.getCausationId());
                        } else {
                            NodeObserved observed = EventEnvelopes.payload(envelope, NodeObserved.class);
                            observations.observe(observed.getNodeId(), observed.getTailnetAddressesList(),
                                    observed.getDnsNamesList());
                        }
                    } catch (RuntimeException e) {
                        unreadable++;
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new ChainException("cannot reach Kafka at " + bootstrapServers + " within " + timeout.toSeconds()
                    + " s (is the broker running? the demo prints its address; --bootstrap-servers HOST:PORT)");
        } catch (KafkaException e) {
            throw new ChainException("cannot read from Kafka at " + bootstrapServers + ": " + e.getMessage());
        }
        sealed.replaceAll((node, config) -> new SealedConfig(node, config.rolloutId(), config.configDigest(),
                config.box(), config.sealedAt(), templates.get(causes.get(node))));
        return new ChainSnapshot(sealed, observations.sansByNode(), unreadable);
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
