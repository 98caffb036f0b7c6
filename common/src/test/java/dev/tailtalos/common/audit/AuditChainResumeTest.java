package dev.tailtalos.common.audit;

import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Resuming a chain on a real KRaft broker reads only the producer's partition, backwards: other producers' records
 * (some in the same partition, more than a read window after the chain's end) are skipped, and junk in the other
 * partitions, which would break a whole-topic read, is never fetched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditChainResumeTest {
    private static final int PARTITIONS = 3;
    private static final String PRODUCER = "secrets-service";
    private static final byte[] JUNK = {0x0F, 0x0F};
    private EmbeddedKafkaKraftBroker broker;
    private KafkaProducer<String, byte[]> kafka;
    private final Map<String, AuditChain> chains = new HashMap<>();
    private int chainPartition;
    private int recordsInChainPartition;
    private AuditRecord lastOfProducer;
    private String neighbour;
    private AuditRecord lastOfNeighbour;

    @BeforeAll
    void fillTheAuditTopic() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.AUDIT);
        // the audit writers are transactional (one writer per chain): a one-broker transaction log
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("transaction.state.log.num.partitions", "3");
        broker.afterPropertiesSet();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        kafka = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());

        chainPartition = AuditChainResume.partitionOf(PRODUCER, PARTITIONS);
        neighbour = otherProducer(true);
        String stranger = otherProducer(false);

        lastOfNeighbour = write(neighbour, AuditChainResume.WINDOW + 100);
        for (int i = 0; i < 40; i++) {
            lastOfProducer = write(PRODUCER, 1);
            write(stranger, 5);
            write(neighbour, 2);
        }
        // More than a read window of the neighbour's records after the chain's last one: the search crosses windows.
        lastOfNeighbour = write(neighbour, AuditChainResume.WINDOW + 150);
        write(stranger, 200);
        List<Future<RecordMetadata>> junk = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            if (p != chainPartition) {
                junk.add(kafka.send(new ProducerRecord<>(Topics.AUDIT, p, "junk", JUNK)));
            }
        }
        for (Future<RecordMetadata> f : junk) {
            f.get();
        }
    }

    @AfterAll
    void stop() {
        kafka.close();
        broker.destroy();
    }

    /** A producer name whose records land in the chain's partition ({@code same}) or in another one. */
    private String otherProducer(boolean same) {
        return IntStream.range(0, 1000).mapToObj(i -> "producer-" + i)
                .filter(p -> (AuditChainResume.partitionOf(p, PARTITIONS) == chainPartition) == same)
                .findFirst().orElseThrow();
    }

    private AuditRecord write(String producer, int count) throws ExecutionException, InterruptedException {
        AuditChain chain = chains.computeIfAbsent(producer, p -> AuditChain.fresh());
        AuditRecord last = null;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            last = chain.link(AuditRecord.newBuilder().setProducer(producer).setActor(producer).setAction("step"));
            sent.add(kafka.send(new ProducerRecord<>(Topics.AUDIT, producer, last.toByteArray())));
        }
        for (Future<RecordMetadata> f : sent) {
            if (f.get().partition() == chainPartition) {
                recordsInChainPartition++;
            }
            assertThat(f.get().partition()).as("the default partitioner's choice for " + producer)
                    .isEqualTo(AuditChainResume.partitionOf(producer, PARTITIONS));
        }
        return last;
    }

    private AuditChain resume(String producer, List<Integer> partitionsRead) {
        return new AuditChainResume(broker.getBrokersAsString(), r -> partitionsRead.add(r.partition())).resume(producer);
    }

    @Test
    void findsTheLastLinkAmongOtherProducersWithoutReadingOtherPartitions() {
        List<Integer> read = new ArrayList<>();
        AuditChain chain = resume(PRODUCER, read);
        assertThat(chain.sequence()).isEqualTo(40).isEqualTo(lastOfProducer.getSequence());
        AuditRecord next = chain.link(AuditRecord.newBuilder().setProducer(PRODUCER).setAction("after restart"));
        assertThat(next.getPrevHash()).isEqualTo(lastOfProducer.getHash());
        assertThat(next.getSequence()).isEqualTo(41);
        assertThat(read).isNotEmpty().containsOnly(chainPartition);
        assertThat(read.size()).as("stops at the window holding the last link").isEqualTo(2 * AuditChainResume.WINDOW)
                .isLessThan(recordsInChainPartition);
    }

    @Test
    void aProducerSharingThePartitionFindsItsOwnLastLink() {
        List<Integer> read = new ArrayList<>();
        AuditChain chain = resume(neighbour, read);
        assertThat(chain.sequence()).isEqualTo(lastOfNeighbour.getSequence());
        assertThat(chain.link(AuditRecord.newBuilder().setProducer(neighbour)).getPrevHash())
                .isEqualTo(lastOfNeighbour.getHash());
        assertThat(read).containsOnly(chainPartition).hasSizeLessThanOrEqualTo(AuditChainResume.WINDOW);
    }

    @Test
    void aProducerWithoutRecordsStartsAFreshChainAfterReadingOnlyItsPartition() {
        String newcomer = IntStream.range(0, 1000).mapToObj(i -> "newcomer-" + i)
                .filter(p -> AuditChainResume.partitionOf(p, PARTITIONS) == chainPartition).findFirst().orElseThrow();
        List<Integer> read = new ArrayList<>();
        AuditChain chain = resume(newcomer, read);
        assertThat(chain.sequence()).isZero();
        assertThat(chain.link(AuditRecord.newBuilder().setProducer(newcomer)).getPrevHash()).isEmpty();
        assertThat(read).containsOnly(chainPartition).hasSize(recordsInChainPartition);
    }

    @Test
    void theJunkInOtherPartitionsWouldBreakAWholeTopicRead() {
        assertThatThrownBy(() -> AuditLogReader.readAll(broker.getBrokersAsString()))
                .hasMessageContaining("is not an AuditRecord");
        assertThat(AuditLogReader.resume(broker.getBrokersAsString(), PRODUCER).sequence()).isEqualTo(40);
    }
}
