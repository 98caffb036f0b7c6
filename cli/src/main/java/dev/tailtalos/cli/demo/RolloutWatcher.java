package dev.tailtalos.cli.demo;

import dev.tailtalos.cli.Terminal;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.proto.events.v1.ConfigRendered;
import dev.tailtalos.proto.events.v1.ConfigSealed;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.NodeApplied;
import dev.tailtalos.proto.events.v1.NodeApplyFailed;
import dev.tailtalos.proto.events.v1.NodeHealth;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** Follows one rollout's events on Kafka, prints progress per node as it happens, and resolves with the final status. */
public final class RolloutWatcher implements AutoCloseable {
    private static final List<String> WATCHED = List.of(Topics.CONFIG_RENDERED, Topics.CONFIG_SEALED, Topics.NODE_APPLIED,
            Topics.NODE_APPLY_FAILED, Topics.NODE_HEALTH, Topics.ROLLOUT_STATUS);
    private final String rolloutId;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<RolloutStatus> finalStatus = new CompletableFuture<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final String bootstrapServers;
    private final Terminal terminal;
    private final Set<String> nodes = new TreeSet<>();
    private final Set<String> healthy = new TreeSet<>();
    private final Set<String> failed = new TreeSet<>();

    public RolloutWatcher(String bootstrapServers, String rolloutId, PrintStream out) {
        this(bootstrapServers, rolloutId, out, new Terminal(false, false));
    }

    /** With {@code terminal} deciding colour (see {@link Terminal#stdout()}). */
    public RolloutWatcher(String bootstrapServers, String rolloutId, PrintStream out, Terminal terminal) {
        this.terminal = terminal;
        this.bootstrapServers = bootstrapServers;
        this.rolloutId = rolloutId;
        this.out = out;
        this.thread = new Thread(this::run, "rollout-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public CompletableFuture<RolloutStatus> finalStatus() {
        return finalStatus;
    }

    private void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : WATCHED) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get() && !finalStatus.isDone()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    EventEnvelope env = EventEnvelopes.parse(r.value());
                    if (env.getCorrelationId().equals(rolloutId)) {
                        show(r.topic(), env);
                    }
                }
            }
        } catch (RuntimeException e) {
            finalStatus.completeExceptionally(e);
        }
    }

    private void show(String topic, EventEnvelope env) {
        switch (topic) {
            case Topics.CONFIG_RENDERED -> {
                ConfigRendered e = EventEnvelopes.payload(env, ConfigRendered.class);
                nodes.add(e.getNode().getNodeId());
                line(e.getNode().getNodeId(), "rendered", (e.getNode().getControlPlane() ? "controlplane" : "worker")
                        + ", " + e.getReferencesCount() + " secret references, " + e.getInstallerImage());
            }
            case Topics.CONFIG_SEALED -> {
                ConfigSealed e = EventEnvelopes.payload(env, ConfigSealed.class);
                line(e.getNode().getNodeId(), "sealed", "config " + e.getConfigDigest().substring(0, 12) + ", "
                        + e.getReferencesBound() + " secrets bound, key " + e.getSealedConfig().getKeyId());
            }
            case Topics.NODE_APPLIED -> {
                NodeApplied e = EventEnvelopes.payload(env, NodeApplied.class);
                line(e.getNodeId(), "applied", "at " + e.getEndpoint() + " (" + e.getMode() + ", " + e.getAttempts()
                        + " attempt" + (e.getAttempts() == 1 ? "" : "s") + ")");
            }
            case Topics.NODE_APPLY_FAILED -> {
                NodeApplyFailed e = EventEnvelopes.payload(env, NodeApplyFailed.class);
                line(e.getNodeId(), "FAILED", e.getStage() + ": " + e.getReason());
                failed.add(e.getNodeId());
                progress();
            }
            case Topics.NODE_HEALTH -> {
                NodeHealth e = EventEnvelopes.payload(env, NodeHealth.class);
                String checks = String.join(", ", e.getChecksList().stream()
                        .map(c -> c.getName() + ("SKIPPED".equals(c.getResult()) ? " skipped"
                                : c.getOk() ? " ok" : " FAILED (" + c.getDetail() + ")")).toList());
                line(e.getNodeId(), e.getHealthy() ? "healthy" : "UNHEALTHY", checks);
                if (e.getHealthy() && healthy.add(e.getNodeId())) {
                    progress();
                }
            }
            case Topics.ROLLOUT_STATUS -> {
                RolloutStatus s = EventEnvelopes.payload(env, RolloutStatus.class);
                if (!s.getState().equals("RUNNING")) {
                    line("rollout", s.getState(), s.getNodesHealthy() + "/" + s.getNodesTotal() + " nodes healthy"
                            + (s.getReason().isEmpty() ? "" : " (" + s.getReason() + ")"));
                    finalStatus.complete(s);
                }
            }
            default -> {
            }
        }
    }

    private void line(String subject, String what, String detail) {
        double secs = (System.nanoTime() - startNanos) / 1e9;
        String padded = String.format("%-10s", what);
        boolean verdict = what.equals("healthy") || what.equals(what.toUpperCase());
        out.printf("[%6.2fs] %-8s %s %s%n", secs, subject,
                verdict ? terminal.state(what) + padded.substring(what.length()) : padded, detail);
        out.flush();
    }

    /** A bar of healthy (and failed) nodes out of those rendered so far. */
    private void progress() {
        out.println("          " + terminal.bar(healthy.size(), failed.size(), Math.max(nodes.size(),
                healthy.size() + failed.size()), 24, "healthy"));
        out.flush();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
