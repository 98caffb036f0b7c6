package dev.tailtalos.secrets.app;

import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.kafka.TopicLog;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The audit records the service under test wrote, and waiting for what it is about to write. */
final class TopicRecords {
    private TopicRecords() {
    }

    static List<AuditRecord> audits(String bootstrapServers) {
        List<AuditRecord> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicLog.records(bootstrapServers, Topics.AUDIT)) {
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
