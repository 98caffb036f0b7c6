package dev.tailtalos.deployer.adapters;

import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublishRetryTest {

    /** A publisher whose broker is away for the first {@code failures} sends. */
    private static final class Outage extends EventPublisher {
        int failures;
        final List<String> sent = new ArrayList<>();

        Outage(int failures) {
            super(null, new EventEnvelopes("deployer-service", Clock.systemUTC()));
            this.failures = failures;
        }

        @Override
        public void send(String topic, String key, EventEnvelope envelope) {
            if (failures-- > 0) {
                throw new EventPublishException(topic, new TimeoutException("broker away"));
            }
            sent.add(envelope.getEventId());
        }
    }

    private static final EventEnvelope EVENT = EventEnvelope.newBuilder().setEventId("e1").build();

    @Test
    void theSameEventIsRetriedUntilTheBrokerIsBack() {
        Outage outage = new Outage(3);
        assertThat(new PublishRetry(outage, Clock.systemUTC(), Duration.ofMillis(1))
                .send("t", "k", EVENT, Duration.ofMinutes(1))).isTrue();
        assertThat(outage.sent).containsExactly("e1");
    }

    @Test
    void pastTheDeadlineItGivesUpWithoutThrowing() {
        Outage outage = new Outage(Integer.MAX_VALUE);
        assertThat(new PublishRetry(outage, Clock.systemUTC(), Duration.ofMillis(5))
                .send("t", "k", EVENT, Duration.ofMillis(20))).isFalse();
        assertThat(outage.sent).isEmpty();
    }
}
