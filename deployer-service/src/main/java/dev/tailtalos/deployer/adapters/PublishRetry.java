package dev.tailtalos.deployer.adapters;

import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.EventPublisher.EventPublishException;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a step's outcome, retrying the same envelope (consumers drop repeats by event id) while Kafka is away,
 * until the deadline. The outcome is already in the coordinator's memory; when the deadline passes the event is given
 * up, never turned into a failure: after a restart the step runs again and reading the config back settles it.
 */
final class PublishRetry {
    private static final Logger log = LoggerFactory.getLogger(PublishRetry.class);
    private final EventPublisher publisher;
    private final Clock clock;
    private final Duration initialBackoff;

    PublishRetry(EventPublisher publisher, Clock clock, Duration initialBackoff) {
        this.publisher = publisher;
        this.clock = clock;
        this.initialBackoff = initialBackoff;
    }

    /** @return true once published; false when the deadline passed first */
    boolean send(String topic, String key, EventEnvelope envelope, Duration within) {
        Instant deadline = clock.instant().plus(within);
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                publisher.send(topic, key, envelope);
                if (attempt > 1) {
                    log.info("published {} {} after {} attempts", topic, envelope.getEventId(), attempt);
                }
                return true;
            } catch (EventPublishException e) {
                if (!clock.instant().plus(backoff).isBefore(deadline)) {
                    log.warn("gave up publishing {} {} after {} attempts ({}); the outcome stays in memory and a "
                            + "restart settles the node by reading its config back", topic, envelope.getEventId(),
                            attempt, e.getMessage());
                    return false;
                }
                log.warn("publishing {} {} failed (attempt {}: {}); retrying in {} ms", topic, envelope.getEventId(),
                        attempt, e.getMessage(), backoff.toMillis());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                        : backoff.multipliedBy(2);
            }
        }
    }
}
