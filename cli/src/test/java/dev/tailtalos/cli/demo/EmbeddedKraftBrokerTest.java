package dev.tailtalos.cli.demo;

import dev.tailtalos.common.files.PrivateFiles;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's broker: broker and controller listeners on 127.0.0.1 only, its files 0600 in 0700 directories. */
class EmbeddedKraftBrokerTest {

    @Test
    void listensOnLoopbackOnlyAndKeepsItsFilesPrivate(@TempDir Path dir) throws Exception {
        PrivateFiles.restrictUmask();
        Set<String> before = listeningSockets();
        Path kafka = dir.resolve("kafka");
        try (EmbeddedKraftBroker broker = EmbeddedKraftBroker.start(kafka)) {
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("modes", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Set<String> opened = listeningSockets();
            opened.removeAll(before);
            assertThat(opened).as("the broker's and the controller's listeners").hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(address -> assertThat(address).as("listens on loopback only")
                            .matches("((0000000000000000FFFF0000)?[0-9A-F]{6}7F|00000000000000000000000001000000):[0-9A-F]{4}"));
        }
        assertThat(PrivateFiles.tooOpen(kafka)).as("Kafka log dirs and segments").isEmpty();
        try (Stream<Path> files = Files.walk(kafka)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".log")).count()).isPositive();
        }
    }

    /** This JVM's listening TCP sockets as /proc/net/tcp{,6} local addresses (little-endian hex, like the kernel). */
    private static Set<String> listeningSockets() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        Set<String> out = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(table)));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    out.add(f[1]);
                }
            }
        }
        return out;
    }
}
