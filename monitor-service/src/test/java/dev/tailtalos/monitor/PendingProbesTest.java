package dev.tailtalos.monitor;

import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.monitor.adapters.NodeAppliedListener;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.NodeHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/** A monitor that starts finds the applied nodes a killed predecessor never answered with node.health. */
class PendingProbesTest {

    @Test
    void appliedNodesWithoutAHealthVerdictArePendingAndAnsweredOnesAreNot() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.NODE_APPLIED, Topics.NODE_HEALTH);
        broker.afterPropertiesSet();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.getBrokersAsString()), new StringSerializer(), new ByteArraySerializer())) {
            EventEnvelopes deployer = new EventEnvelopes("deployer-service", Clock.systemUTC());
            EventEnvelopes monitor = new EventEnvelopes("monitor-service", Clock.systemUTC());
            EventEnvelope answered = deployer.wrap(NodeApplied.newBuilder().setRolloutId("r").setNodeId("n1").build(),
                    "r", "");
            EventEnvelope unanswered = deployer.wrap(NodeApplied.newBuilder().setRolloutId("r").setNodeId("n2").build(),
                    "r", "");
            EventEnvelope verdict = monitor.wrap(NodeHealth.newBuilder().setRolloutId("r").setNodeId("n1")
                    .setHealthy(true).build(), "r", answered.getEventId());
            producer.send(new ProducerRecord<>(Topics.NODE_APPLIED, "n1", answered.toByteArray())).get();
            producer.send(new ProducerRecord<>(Topics.NODE_APPLIED, "n2", unanswered.toByteArray())).get();
            producer.send(new ProducerRecord<>(Topics.NODE_HEALTH, "n1", verdict.toByteArray())).get();

            List<EventEnvelope> pending = NodeAppliedListener.pending(broker.getBrokersAsString(),
                    Duration.ofMinutes(2), Duration.ofSeconds(30));
            assertThat(pending).extracting(EventEnvelope::getEventId).containsExactly(unanswered.getEventId());
            assertThat(NodeAppliedListener.pending(broker.getBrokersAsString(), Duration.ofNanos(1),
                    Duration.ofSeconds(30))).as("older than the window").isEmpty();
        } finally {
            broker.destroy();
        }
    }
}
