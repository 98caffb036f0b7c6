package dev.tailtalos.config.adapters;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.config.domain.TailnetObservations;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeObserved;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * node.observed → {@link TailnetObservations}. At start the whole topic is replayed into the store (without
 * triggering anything), so the store survives restarts; afterwards each new or changed tailnet identity triggers a
 * rollout of that node, requested by config-service, so its new cert SANs reach it without anyone editing files.
 */
public class NodeObservedListener {
    private static final Logger log = LoggerFactory.getLogger(NodeObservedListener.class);

    private final TailnetObservations observations;
    private final RolloutTrigger trigger;
    private final AuditWriter audit;

    public NodeObservedListener(TailnetObservations observations, RolloutTrigger trigger, AuditWriter audit) {
        this.observations = observations;
        this.trigger = trigger;
        this.audit = audit;
    }

    /** Reads node.observed from the beginning up to its current end into the store; returns the records read. */
    public static int replay(String bootstrapServers, TailnetObservations observations, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "config-service-observed-replay");
        int read = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.NODE_OBSERVED, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return 0;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    NodeObserved observed = parse(record.value());
                    if (observed != null) {
                        observations.observe(observed.getNodeId(), observed.getTailnetAddressesList(),
                                observed.getDnsNamesList());
                        read++;
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            log.warn("could not replay {} ({}); starting with no tailnet observations", Topics.NODE_OBSERVED, e.getMessage());
        }
        return read;
    }

    @KafkaListener(id = "config-node-observed", topics = Topics.NODE_OBSERVED, groupId = "config-service-observed")
    public void onObserved(ConsumerRecord<String, byte[]> record) {
        NodeObserved observed = parse(record.value());
        if (observed == null || observed.getNodeId().isBlank()) {
            return;
        }
        observations.observe(observed.getNodeId(), observed.getTailnetAddressesList(), observed.getDnsNamesList())
                .ifPresent(change -> {
                    log.info("{}: requesting a re-render", change.describe());
                    audit.write(AuditEntry.of("config-service", "tailnet.observed", "", change.nodeId(), "CHANGED",
                            "", Map.of("sans", String.join(",", change.after().sans()))));
                    trigger.request("config-service", change.describe(), List.of(change.nodeId()));
                });
    }

    private static NodeObserved parse(byte[] value) {
        try {
            EventEnvelope envelope = EventEnvelopes.parse(value);
            return EventEnvelopes.payload(envelope, NodeObserved.class);
        } catch (RuntimeException e) {
            log.warn("skipping an unreadable node.observed record: {}", e.getMessage());
            return null;
        }
    }
}
