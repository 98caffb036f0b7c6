package dev.tailtalos.common.events;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.tailtalos.proto.events.v1.EventEnvelope;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Wraps event payloads in the one envelope every Kafka record carries, and unwraps them. */
public final class EventEnvelopes {
    private final String producer;
    private final Clock clock;

    public EventEnvelopes(String producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
    }

    public EventEnvelope wrap(Message payload, String correlationId, String causationId) {
        return EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setCorrelationId(nullToEmpty(correlationId))
                .setCausationId(nullToEmpty(causationId))
                .setOccurredAt(timestamp(clock.instant()))
                .setProducer(producer)
                .setSchema(payload.getDescriptorForType().getFullName())
                .setPayload(Any.pack(payload))
                .build();
    }

    public String producer() {
        return producer;
    }

    public static EventEnvelope parse(byte[] bytes) {
        try {
            return EventEnvelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedEventException("record is not a tailtalos EventEnvelope: " + e.getMessage(), e);
        }
    }

    public static <T extends Message> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return envelope.getPayload().unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedEventException("event " + envelope.getEventId() + " (schema " + envelope.getSchema()
                    + ") does not hold a " + type.getSimpleName(), e);
        }
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    public static com.google.protobuf.Duration duration(java.time.Duration d) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
    }

    public static java.time.Duration duration(com.google.protobuf.Duration d) {
        return java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
