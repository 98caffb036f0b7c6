package dev.tailtalos.common.audit;

import dev.tailtalos.common.audit.AuditWriter.AuditEntry;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.common.kafka.TailtalosKafkaConfiguration;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two instances of one service (two Spring contexts) write its audit chain at the same time: the second one fences
 * the first, whose later records are refused by Kafka, and the chain on the topic stays one chain that verifies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditSecondWriterTest {
    private static final String SERVICE = "twin-service";
    private EmbeddedKafkaKraftBroker broker;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TailtalosKafkaConfiguration.class)
    static class TwinService {
    }

    @BeforeAll
    void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.AUDIT);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "transaction.state.log.num.partitions", "3"));
        broker.afterPropertiesSet();
    }

    @AfterAll
    void stopBroker() {
        broker.destroy();
    }

    private ConfigurableApplicationContext instance() {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        return new SpringApplicationBuilder(TwinService.class).web(WebApplicationType.NONE)
                .properties(Map.of("spring.kafka.bootstrap-servers", broker.getBrokersAsString(),
                        "tailtalos.service-name", SERVICE, "spring.main.banner-mode", "off"))
                .run();
    }

    @Test
    void theSecondInstanceFencesTheFirstAndTheChainStaysOne(@TempDir Path dir) throws Exception {
        AtomicInteger firstWritten = new AtomicInteger();
        AtomicInteger firstRefused = new AtomicInteger();
        AtomicInteger secondWritten = new AtomicInteger();
        CountDownLatch firstIsWriting = new CountDownLatch(5);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ConfigurableApplicationContext first = instance()) {
            AuditWriter a = first.getBean(AuditWriter.class);
            Future<?> writerA = pool.submit(() -> {
                for (int i = 0; i < 400 && firstRefused.get() == 0; i++) {
                    try {
                        a.write(AuditEntry.of("first", "twin.write", "", "", "OK", "", Map.of("i", "" + i)));
                        firstWritten.incrementAndGet();
                        firstIsWriting.countDown();
                    } catch (AuditWriter.FencedException e) {
                        firstRefused.incrementAndGet();
                    } catch (IllegalStateException e) {
                        // the coordinator may answer the stale instance's in-flight commit with an unexpected error
                        // instead of a fencing one while the new instance takes over: still refused, not recorded
                        firstRefused.incrementAndGet();
                    }
                }
                return null;
            });
            assertThat(firstIsWriting.await(60, TimeUnit.SECONDS)).isTrue();
            try (ConfigurableApplicationContext second = instance()) {
                AuditWriter b = second.getBean(AuditWriter.class);
                Future<?> writerB = pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        b.write(AuditEntry.of("second", "twin.write", "", "", "OK", "", Map.of("i", "" + i)));
                        secondWritten.incrementAndGet();
                    }
                    return null;
                });
                writerB.get(120, TimeUnit.SECONDS);
                writerA.get(120, TimeUnit.SECONDS);
                assertThat(firstRefused.get()).as("the stale instance is refused").isPositive();
                // refused either way: fenced, or (when the coordinator answered the stale commit with an unexpected
                // error during the take-over) a producer Kafka no longer lets commit
                assertThatThrownBy(() -> a.write(AuditEntry.of("first", "late", "", "", "", "", Map.of())))
                        .isInstanceOfAny(AuditWriter.FencedException.class, IllegalStateException.class);
            }
        } finally {
            pool.shutdownNow();
        }

        List<AuditRecord> chain = AuditLogReader.readAll(broker.getBrokersAsString()).stream()
                .filter(r -> r.getProducer().equals(SERVICE)).toList();
        assertThat(chain).hasSize(firstWritten.get() + secondWritten.get());
        assertThat(chain).extracting(AuditRecord::getSequence)
                .containsExactlyElementsOf(sequence(1, chain.size()));
        Path export = dir.resolve("audit.jsonl");
        AuditExport.write(chain, export, Instant.now());
        AuditFileVerifier.Report report = AuditFileVerifier.verify(export);
        assertThat(report.problems()).as("one chain, no fork").isEmpty();
        System.out.printf("audit second writer: %d records by the first instance, %d refused after it was fenced, "
                + "%d by the second; one chain of %d verifies%n", firstWritten.get(), firstRefused.get(),
                secondWritten.get(), chain.size());
    }

    @Test
    void aForkFromTwoUnfencedWritersIsReportedAsASecondWriterNotAsTampering(@TempDir Path dir) {
        AuditChain start = AuditChain.fresh();
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(start.link(AuditRecord.newBuilder().setProducer("svc").setAction("before")));
        }
        AuditChain one = new AuditChain(3, records.get(2).getHash());
        AuditChain two = new AuditChain(3, records.get(2).getHash());
        for (int i = 0; i < 3; i++) {
            records.add(one.link(AuditRecord.newBuilder().setProducer("svc").setAction("one").setActor("a")));
            records.add(two.link(AuditRecord.newBuilder().setProducer("svc").setAction("two").setActor("b")));
        }
        Path forked = dir.resolve("forked.jsonl");
        AuditExport.write(records, forked, Instant.now());
        AuditFileVerifier.Report report = AuditFileVerifier.verify(forked);
        assertThat(report.intact()).isFalse();
        assertThat(report.onlySecondWriters()).as(report.problems().toString()).isTrue();
        assertThat(report.firstProblem().message()).contains("second writer");

        List<AuditRecord> forged = new ArrayList<>(records.subList(0, 3));
        AuditRecord fake = AuditRecord.newBuilder().setProducer("svc").setSequence(2).setPrevHash("ff".repeat(32))
                .setAction("forged").build();
        forged.add(fake.toBuilder().setHash(AuditChain.hashOf(fake)).build());
        Path tampered = dir.resolve("tampered.jsonl");
        AuditExport.write(forged, tampered, Instant.now());
        AuditFileVerifier.Report forgery = AuditFileVerifier.verify(tampered);
        assertThat(forgery.intact()).isFalse();
        assertThat(forgery.onlySecondWriters()).as(forgery.problems().toString()).isFalse();
    }

    private static List<Long> sequence(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }
}
