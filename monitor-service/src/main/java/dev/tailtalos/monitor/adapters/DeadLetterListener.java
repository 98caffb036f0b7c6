package dev.tailtalos.monitor.adapters;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Counts what any consumer dead-lettered ({@code <topic>.dlt.<service>}), from the beginning of each DLT. */
public class DeadLetterListener {
    private final MonitorMetrics metrics;

    public DeadLetterListener(MonitorMetrics metrics) {
        this.metrics = metrics;
    }

    @KafkaListener(id = "monitor-dead-letters", groupId = "monitor-dlt-#{T(java.util.UUID).randomUUID()}",
            topicPattern = "tailtalos\\..*\\.dlt\\..*",
            properties = {"auto.offset.reset=earliest", "metadata.max.age.ms=5000"})
    public void onDeadLetter(ConsumerRecord<String, byte[]> record) {
        metrics.deadLetter(record.topic());
    }
}
