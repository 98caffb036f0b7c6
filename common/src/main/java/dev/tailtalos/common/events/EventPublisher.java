package dev.tailtalos.common.events;

import com.google.protobuf.Message;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes envelope-wrapped events and waits for the broker's acknowledgement. */
public class EventPublisher {
    private final KafkaTemplate<String, byte[]> kafka;
    private final EventEnvelopes envelopes;

    public EventPublisher(KafkaTemplate<String, byte[]> kafka, EventEnvelopes envelopes) {
        this.kafka = kafka;
        this.envelopes = envelopes;
    }

    /**
     * @param key the node id (or rollout id), so that one node's events stay ordered
     * @param cause the envelope that caused this event, or null for a trigger
     */
    public EventEnvelope publish(String topic, String key, Message payload, String correlationId, EventEnvelope cause) {
        EventEnvelope envelope = envelopes.wrap(payload, correlationId, cause == null ? "" : cause.getEventId());
        send(topic, key, envelope);
        return envelope;
    }

    public void send(String topic, String key, EventEnvelope envelope) {
        try {
            kafka.send(topic, key, envelope.toByteArray()).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublishException(topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EventPublishException(topic, e);
        }
    }

    public String producer() {
        return envelopes.producer();
    }

    /** Publishing failed; the caller's consumer retries the record that caused it. */
    public static class EventPublishException extends RuntimeException {
        public EventPublishException(String topic, Exception cause) {
            super("could not publish to " + topic + ": " + cause.getClass().getSimpleName(), cause);
        }
    }
}
