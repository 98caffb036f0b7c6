package dev.tailtalos.cli.demo;

import dev.tailtalos.common.files.PrivateFiles;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A single-node KRaft Kafka (combined broker and controller) in this JVM, both listeners on 127.0.0.1 only, keeping its
 * log dirs under a given directory (formatted once; a later start with the same directory keeps the data).
 */
public final class EmbeddedKraftBroker implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKraftBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    public static EmbeddedKraftBroker start(Path dir) throws Exception {
        PrivateFiles.createDirectories(dir);
        Path data = dir.resolve("data");
        int brokerPort = freeLoopbackPort();
        int controllerPort = freeLoopbackPort();
        Properties props = properties(data, brokerPort, controllerPort);
        Path config = dir.resolve("server.properties");
        StringWriter text = new StringWriter();
        props.store(text, "tailtalos demo broker: broker and controller on " + LOOPBACK + " only");
        PrivateFiles.write(config, text.toString().getBytes(StandardCharsets.UTF_8));

        ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
        int formatted = StorageTool.execute(new String[]{"format", "--cluster-id", clusterId(dir), "--config",
                config.toString(), "--ignore-formatted"}, new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
        if (formatted != 0) {
            throw new IllegalStateException("cannot format the Kafka log dir " + data + ": "
                    + formatOutput.toString(StandardCharsets.UTF_8).strip());
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw e;
        }
        return new EmbeddedKraftBroker(server, LOOPBACK + ":" + brokerPort);
    }

    private static Properties properties(Path data, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":"
                + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
        p.setProperty("log.dirs", data.toAbsolutePath().toString());
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "3");
        return p;
    }

    /** The cluster id kept next to the log dirs, so a demo re-run on the same data dir finds its data. */
    private static String clusterId(Path dir) throws IOException {
        Path file = dir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        String id = Uuid.randomUuid().toString();
        PrivateFiles.write(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
        return id;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
