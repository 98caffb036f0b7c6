package dev.tailtalos.common.kafka;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.MalformedEventException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.PropertySource;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import java.time.Clock;
import java.util.Optional;

/** Kafka wiring every service shares: topics, the event envelope, the publisher, the audit writer, retries and dead letters. */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:tailtalos-kafka-defaults.properties")
public class TailtalosKafkaConfiguration {
    private static final Logger log = LoggerFactory.getLogger(TailtalosKafkaConfiguration.class);

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** The topics as {@link TopicSettings} say (broker defaults for what is not set); existing topics stay as they are. */
    @Bean
    public KafkaAdmin.NewTopics tailtalosTopics(Environment environment) {
        return new KafkaAdmin.NewTopics(TopicSettings.all(environment::getProperty).stream()
                .map(t -> new NewTopic(t.topic(), Optional.of(t.partitions()), t.replicationFactor()).configs(t.configs()))
                .toArray(NewTopic[]::new));
    }

    @Bean
    public EventEnvelopes eventEnvelopes(@Value("${tailtalos.service-name}") String serviceName, Clock clock) {
        return new EventEnvelopes(serviceName, clock);
    }

    @Bean
    public EventPublisher eventPublisher(KafkaTemplate<String, byte[]> kafka, EventEnvelopes envelopes) {
        return new EventPublisher(kafka, envelopes);
    }

    /** The service's audit chain writer; starting it fences an older instance's writer (one writer per chain). */
    @Bean(destroyMethod = "close")
    public AuditWriter auditWriter(KafkaTemplate<String, byte[]> kafka, KafkaAdmin admin,
                                   @Value("${tailtalos.service-name}") String serviceName, Clock clock) {
        admin.initialize();
        return AuditWriter.takeOver(kafka.getProducerFactory().getConfigurationProperties(), serviceName, clock);
    }

    /**
     * Transient failures are retried with exponential backoff on the ordered stream (a node's events keep their order);
     * what still fails goes to the consumer's dead-letter topic {@code <topic>.dlt.<service>}.
     */
    @Bean
    public CommonErrorHandler tailtalosErrorHandler(KafkaTemplate<String, byte[]> kafka,
                                                    @Value("${tailtalos.service-name}") String serviceName,
                                                    @Value("${tailtalos.kafka.retry.max-attempts:6}") int maxAttempts,
                                                    @Value("${tailtalos.kafka.retry.initial-ms:200}") long initialMs) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer((KafkaTemplate) kafka,
                (record, ex) -> {
                    log.warn("dead-lettering {}-{}@{} after retries: {}", record.topic(), record.partition(),
                            record.offset(), rootMessage(ex));
                    return new TopicPartition(record.topic() + ".dlt." + serviceName, -1);
                });
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(Math.max(0, maxAttempts - 1));
        backOff.setInitialInterval(initialMs);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class);
        return handler;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
