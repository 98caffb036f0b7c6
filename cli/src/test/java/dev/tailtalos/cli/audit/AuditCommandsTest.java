package dev.tailtalos.cli.audit;

import dev.tailtalos.cli.TailtalosCli;
import dev.tailtalos.common.audit.AuditChain;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.monitor.app.MonitorServiceApplication;
import dev.tailtalos.proto.events.v1.AuditRecord;
import dev.tailtalos.sim.NodeSimulator;
import dev.tailtalos.sim.NodeSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tailtalos audit tail|search|export|verify} against a real broker and a running monitor. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditCommandsTest {
    private EmbeddedKafkaKraftBroker broker;
    private NodeSimulator simulator;
    private ConfigurableApplicationContext monitor;
    private KafkaProducer<String, byte[]> producer;
    private Path dir;
    private String monitorUrl;
    private final Map<String, AuditChain> chains = new java.util.HashMap<>();

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.ALL.toArray(String[]::new));
        // the audit writers are transactional (one writer per chain): a one-broker transaction log
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("transaction.state.log.num.partitions", "3");
        broker.afterPropertiesSet();
        dir = Files.createTempDirectory("tailtalos-audit-cli-");
        simulator = new NodeSimulator(List.of(new NodeSpec("k8s-1", "127.0.0.1", 0)));
        simulator.start();
        simulator.writeTalosconfig(dir.resolve("talosconfig"), "test");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        for (int i = 0; i < 6; i++) {
            write("config-service", i % 2 == 0 ? "alice" : "config-service", "config.render", "k8s-" + (1 + i % 3));
            write("deployer-service", "deployer-service", "node.apply", "k8s-" + (1 + i % 3));
        }
        monitor = new SpringApplicationBuilder(MonitorServiceApplication.class).run(
                "--spring.config.name=monitor-service", "--spring.main.banner-mode=off",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--server.port=0", "--server.address=127.0.0.1",
                "--tailtalos.talosconfig=" + dir.resolve("talosconfig"),
                "--tailtalos.monitor.read-token-file=" + dir.resolve("keys/monitor-read.token"),
                "--tailtalos.monitor.api-token-file=" + dir.resolve("keys/monitor-api.token"));
        monitorUrl = "http://127.0.0.1:" + monitor.getEnvironment().getProperty("local.server.port");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (run("audit", "search", "--monitor", monitorUrl, "--token-file", readTokenFile(), "--producer", "deployer-service").out().lines().count() < 6) {
            assertThat(System.nanoTime()).as("monitor caught up with the audit topic").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void write(String producerName, String actor, String action, String node) throws Exception {
        AuditRecord r = chains.computeIfAbsent(producerName, p -> AuditChain.fresh()).link(AuditRecord.newBuilder()
                .setProducer(producerName).setActor(actor).setAction(action).setRolloutId("ro-cli").setNodeId(node)
                .setOutcome("OK").setOccurredAt(EventEnvelopes.timestamp(Instant.now())));
        producer.send(new ProducerRecord<>(Topics.AUDIT, producerName, r.toByteArray())).get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        producer.close();
        simulator.close();
        broker.destroy();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
    }

    private String readTokenFile() {
        return dir.resolve("keys/monitor-read.token").toString();
    }

    @Test
    void theAuditApiWantsTheReadTokenFile() {
        Run without = run("audit", "tail", "--monitor", monitorUrl, "-n", "1");
        assertThat(without.exit()).isNotZero();
        assertThat(without.err() + without.out()).contains("401", "--token-file");
        Run wrong = run("audit", "tail", "--monitor", monitorUrl, "--token-file", dir.resolve("talosconfig").toString(),
                "-n", "1");
        assertThat(wrong.exit()).isNotZero();
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TailtalosCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void exportFromKafkaVerifiesAndAnEditIsNamed() throws Exception {
        Path file = dir.resolve("kafka-export.jsonl");
        Run export = run("audit", "export", "--bootstrap-servers", broker.getBrokersAsString(), file.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported 12 audit record(s)");
        Run ok = run("audit", "verify", file.toString());
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("intact: 12 record(s)");

        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(4, lines.get(4).replace("\"outcome\":\"OK\"", "\"outcome\":\"DENIED\""));
        Path edited = dir.resolve("edited.jsonl");
        Files.write(edited, lines);
        Run bad = run("audit", "verify", edited.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("TAMPERED", "line 5:", "altered");

        List<String> reordered = new ArrayList<>(Files.readAllLines(file));
        java.util.Collections.swap(reordered, 1, 2);
        Files.write(edited, reordered);
        Run swapped = run("audit", "verify", edited.toString());
        assertThat(swapped.exit()).isEqualTo(1);
        assertThat(swapped.out()).contains("line 2:");

        assertThat(run("audit", "verify", dir.resolve("nope.jsonl").toString()).exit()).isEqualTo(2);
    }

    @Test
    void exportFromTheMonitorVerifies() throws Exception {
        Path file = dir.resolve("monitor-export.jsonl");
        Run export = run("audit", "export", "--monitor", monitorUrl, "--token-file", readTokenFile(), file.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        Run verify = run("audit", "verify", file.toString());
        assertThat(verify.exit()).as(verify.out()).isZero();
    }

    @Test
    void searchFiltersFromEitherSource() {
        Run kafka = run("audit", "search", "--bootstrap-servers", broker.getBrokersAsString(), "--actor", "alice");
        assertThat(kafka.exit()).as(kafka.err()).isZero();
        assertThat(kafka.out().lines()).hasSize(3).allSatisfy(l -> assertThat(l).contains("alice", "config.render"));
        Run viaMonitor = run("audit", "search", "--monitor", monitorUrl, "--token-file", readTokenFile(), "--action", "node.*", "--node", "k8s-2",
                "-o", "json");
        assertThat(viaMonitor.out().lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{").contains("\"nodeId\":\"k8s-2\""));
        Run future = run("audit", "search", "--monitor", monitorUrl, "--token-file", readTokenFile(), "--since", "2999-01-01T00:00:00Z");
        assertThat(future.out()).isEmpty();
        Run bad = run("audit", "search", "--monitor", monitorUrl, "--token-file", readTokenFile(), "--since", "2999-01-01T00:00:00Z", "--until",
                "2000-01-01T00:00:00Z");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("'from'", "must be before");
    }

    @Test
    void tailPrintsTheLatestAndFollowsNewRecords() throws Exception {
        Run last = run("audit", "tail", "--monitor", monitorUrl, "--token-file", readTokenFile(), "-n", "3");
        assertThat(last.out().lines()).hasSize(3);
        CompletableFuture<Run> follow = CompletableFuture.supplyAsync(() -> run("audit", "tail", "--bootstrap-servers",
                broker.getBrokersAsString(), "-n", "1", "--follow", "--poll", "PT0.2S", "--max-records", "2"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!follow.isDone() && System.nanoTime() < deadline) {
            write("secrets-service", "bob", "secret.rotate", "");
            Thread.sleep(300);
        }
        Run followed = follow.get(5, TimeUnit.SECONDS);
        assertThat(followed.out().lines()).hasSize(2);
        assertThat(followed.out().lines().skip(1)).allSatisfy(l -> assertThat(l).contains("secret.rotate", "bob"));
    }
}
