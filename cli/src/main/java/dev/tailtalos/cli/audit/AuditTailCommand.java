package dev.tailtalos.cli.audit;

import dev.tailtalos.common.audit.AuditQuery;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "The latest audit records; with --follow, keeps printing new ones until interrupted.")
public class AuditTailCommand implements Callable<Integer> {
    @Mixin
    AuditSource source;

    @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "How many of the latest records (default ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing records as they arrive.")
    boolean follow;

    @Option(names = "--poll", defaultValue = "PT1S", description = "How often --follow asks the monitor (default ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--max-records", hidden = true, defaultValue = "-1",
            description = "Stop --follow after printing this many records (for tests).")
    long maxRecords;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (JSON Lines).")
    String output;

    @Spec
    CommandSpec spec;

    private long printed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (source.fromKafka()) {
            return follow ? followKafka(out) : printLast(out, source.search(AuditQuery.ALL, Math.max(1, lines)));
        }
        int size = source.tail(Integer.MAX_VALUE, 1).next();
        AuditSource.Tail tail = source.tail(Math.max(0, size - lines), Math.max(1, lines));
        printLast(out, tail.records());
        int next = tail.next();
        while (follow && !done()) {
            Thread.sleep(poll.toMillis());
            AuditSource.Tail more = source.tail(next, 1000);
            more.records().forEach(r -> print(out, r));
            next = more.next();
        }
        return 0;
    }

    private int printLast(PrintWriter out, List<AuditRecord> records) {
        records.subList(Math.max(0, records.size() - lines), records.size()).forEach(r -> print(out, r));
        return 0;
    }

    private void print(PrintWriter out, AuditRecord r) {
        if (!done()) {
            AuditOutput.print(out, r, output);
            printed++;
        }
    }

    private boolean done() {
        return maxRecords >= 0 && printed >= maxRecords;
    }

    /** Prints the last records, then everything that arrives, straight from the topic (no consumer group). */
    private int followKafka(PrintWriter out) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            var ends = consumer.endOffsets(partitions);
            List<AuditRecord> last = source.search(AuditQuery.ALL, Math.max(1, lines));
            printLast(out, last);
            // Continue from where the snapshot above ended.
            ends.forEach(consumer::seek);
            while (!done()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(poll)) {
                    print(out, AuditRecord.parseFrom(r.value()));
                }
            }
        }
        return 0;
    }
}
