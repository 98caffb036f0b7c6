package dev.tailtalos.monitor;

import com.google.protobuf.Message;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.monitor.app.MonitorServiceApplication;
import dev.tailtalos.sim.NodeSimulator;
import dev.tailtalos.sim.NodeSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** One real KRaft broker, simulated nodes over mTLS and the monitor service (web on 127.0.0.1, ephemeral port). */
final class MonitorTestStack implements AutoCloseable {
    static final String DLT = Topics.NODE_APPLIED + ".dlt.deployer-service";
    final EmbeddedKafkaKraftBroker broker;
    final NodeSimulator simulator;
    final ConfigurableApplicationContext monitor;
    final KafkaProducer<String, byte[]> producer;
    final String baseUrl;
    final Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    private MonitorTestStack(EmbeddedKafkaKraftBroker broker, NodeSimulator simulator,
                             ConfigurableApplicationContext monitor, KafkaProducer<String, byte[]> producer, Path dir) {
        this.broker = broker;
        this.simulator = simulator;
        this.monitor = monitor;
        this.producer = producer;
        this.dir = dir;
        this.baseUrl = "http://127.0.0.1:" + monitor.getEnvironment().getProperty("local.server.port");
    }

    static MonitorTestStack start(List<NodeSpec> nodes, Map<String, Object> extraProperties) throws Exception {
        return start(nodes, simulator -> extraProperties);
    }

    /** The monitor's extra properties are made once the nodes run (e.g. from their tailnet endpoints). */
    static MonitorTestStack start(List<NodeSpec> nodes,
                                  ThrowingFunction<NodeSimulator, Map<String, Object>> extraProperties) throws Exception {
        List<String> topics = new ArrayList<>(Topics.ALL);
        topics.add(DLT);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, topics.toArray(String[]::new));
        // the audit writers are transactional (one writer per chain): a one-broker transaction log
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("transaction.state.log.num.partitions", "3");
        broker.afterPropertiesSet();
        Path dir = Files.createTempDirectory("tailtalos-monitor-test-");
        NodeSimulator simulator = new NodeSimulator(nodes);
        simulator.start();
        Path talosconfig = dir.resolve("talosconfig");
        simulator.writeTalosconfig(talosconfig, "test");
        List<String> args = new ArrayList<>(List.of(
                "--spring.config.name=monitor-service",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--tailtalos.talosconfig=" + talosconfig,
                "--tailtalos.monitor.api-token-file=" + dir.resolve("keys/monitor-api.token"),
                "--tailtalos.monitor.read-token-file=" + dir.resolve("keys/monitor-read.token"),
                "--tailtalos.monitor.health-window=3s",
                "--tailtalos.monitor.probe-interval=200ms"));
        extraProperties.apply(simulator).forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext monitor = new SpringApplicationBuilder(MonitorServiceApplication.class)
                .run(args.toArray(String[]::new));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new MonitorTestStack(broker, simulator, monitor,
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()), dir);
    }

    @FunctionalInterface
    interface ThrowingFunction<T, R> {
        R apply(T value) throws Exception;
    }

    void publish(String topic, String key, Message payload, String rolloutId, String producerName) throws Exception {
        var envelope = new EventEnvelopes(producerName, Clock.systemUTC()).wrap(payload, rolloutId, "");
        producer.send(new ProducerRecord<>(topic, key, envelope.toByteArray())).get(30, TimeUnit.SECONDS);
    }

    void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }

    /** The monitor's read token, as the page and {@code tailtalos audit} send it. */
    String readToken() throws java.io.IOException {
        return Files.readString(dir.resolve("keys/monitor-read.token")).strip();
    }

    String writeToken() throws java.io.IOException {
        return Files.readString(dir.resolve("keys/monitor-api.token")).strip();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET()
                .header("Authorization", "Bearer " + readToken()).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + writeToken()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with the given headers only (no token unless given). */
    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    int get404(String path) throws Exception {
        return get(path).statusCode();
    }

    /** Polls until the condition holds; fails with the message when the time is up. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        producer.close();
        monitor.close();
        simulator.close();
        broker.destroy();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
    }
}
