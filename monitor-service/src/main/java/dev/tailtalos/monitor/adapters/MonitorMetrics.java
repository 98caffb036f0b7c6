package dev.tailtalos.monitor.adapters;

import dev.tailtalos.monitor.domain.HealthVerdict;
import dev.tailtalos.monitor.domain.RolloutBoard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * The monitor's Prometheus meters (names as Prometheus shows them): {@code tailtalos_probe_checks_total{check,result,path}},
 * {@code tailtalos_probe_duration_seconds{trigger}}, {@code tailtalos_rollouts_finished_total{state}},
 * {@code tailtalos_rollouts_running}, {@code tailtalos_apply_latency_seconds} (config.sealed to node.applied),
 * {@code tailtalos_apply_retries_total}, {@code tailtalos_apply_failures_total{permanent}},
 * {@code tailtalos_dead_letters_total{topic}}, {@code tailtalos_audit_records}, {@code tailtalos_audit_chains_broken}.
 * Counters fed from Kafka count everything the topics hold, replayed when the monitor starts.
 */
public class MonitorMetrics {
    private final MeterRegistry registry;

    public MonitorMetrics(MeterRegistry registry, RolloutBoard rollouts, dev.tailtalos.monitor.domain.AuditKeeper audit) {
        this.registry = registry;
        Gauge.builder("tailtalos.rollouts.running", rollouts, RolloutBoard::running)
                .description("Rollouts not yet in a final state").register(registry);
        Gauge.builder("tailtalos.audit.records", audit, a -> a.size())
                .description("Audit records held by the keeper").register(registry);
        Gauge.builder("tailtalos.audit.chains.broken", audit, a -> a.verify().broken().size())
                .description("Audit chains with a broken link").register(registry);
    }

    public void probe(HealthVerdict verdict, String trigger, Duration took) {
        for (HealthVerdict.Check c : verdict.checks()) {
            Counter.builder("tailtalos.probe.checks").description("Probe checks by result")
                    .tag("check", c.name()).tag("result", c.result().name()).tag("path", c.path())
                    .register(registry).increment();
        }
        Timer.builder("tailtalos.probe.duration").description("Time to probe one node").tag("trigger", trigger)
                .register(registry).record(took);
    }

    public void rolloutFinished(String state) {
        Counter.builder("tailtalos.rollouts.finished").description("Rollouts that reached a final state")
                .tag("state", state).register(registry).increment();
    }

    public void applyLatency(Duration latency) {
        Timer.builder("tailtalos.apply.latency").description("From config.sealed to node.applied")
                .register(registry).record(latency);
    }

    public void applyRetries(int retries) {
        Counter.builder("tailtalos.apply.retries").description("Apply attempts beyond the first")
                .register(registry).increment(retries);
    }

    public void applyFailed(boolean permanent) {
        Counter.builder("tailtalos.apply.failures").description("node.apply-failed events")
                .tag("permanent", Boolean.toString(permanent)).register(registry).increment();
    }

    public void deadLetter(String topic) {
        Counter.builder("tailtalos.dead.letters").description("Records dead-lettered by any consumer")
                .tag("topic", topic).register(registry).increment();
    }
}
