package dev.tailtalos.monitor.app;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.kafka.TailtalosKafkaConfiguration;
import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.monitor.adapters.AuditListener;
import dev.tailtalos.monitor.adapters.DeadLetterListener;
import dev.tailtalos.monitor.adapters.EventStreamListener;
import dev.tailtalos.monitor.adapters.HealthReporter;
import dev.tailtalos.monitor.adapters.MonitorMetrics;
import dev.tailtalos.monitor.adapters.NodeAppliedListener;
import dev.tailtalos.monitor.adapters.TalosNodeProbe;
import dev.tailtalos.monitor.adapters.http.MonitorApiController;
import dev.tailtalos.monitor.domain.AuditKeeper;
import dev.tailtalos.monitor.domain.NodeBoard;
import dev.tailtalos.monitor.domain.RolloutBoard;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

@SpringBootApplication(scanBasePackages = "dev.tailtalos.monitor.app")
@Import(TailtalosKafkaConfiguration.class)
public class MonitorServiceApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(MonitorServiceApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "monitor-service"));
        app.run(args);
    }

    @Bean
    TalosNodeProbe talosNodeProbe(@Value("${tailtalos.talosconfig}") Path talosconfig,
                                  @Value("${tailtalos.dial.loopback-only:true}") boolean loopbackOnly) throws IOException {
        return new TalosNodeProbe(TalosCredentials.fromContext(TalosConfig.read(talosconfig).currentContext()),
                loopbackOnly ? DialPolicy.loopbackOnly() : DialPolicy.any());
    }

    @Bean
    AuditKeeper auditKeeper() {
        return new AuditKeeper();
    }

    @Bean
    RolloutBoard rolloutBoard() {
        return new RolloutBoard();
    }

    @Bean
    NodeBoard nodeBoard() {
        return new NodeBoard();
    }

    @Bean
    MonitorMetrics monitorMetrics(MeterRegistry registry, RolloutBoard rollouts, AuditKeeper audit) {
        return new MonitorMetrics(registry, rollouts, audit);
    }

    @Bean
    HealthReporter healthReporter(EventPublisher publisher, AuditWriter audit, MonitorMetrics metrics, Clock clock) {
        return new HealthReporter(publisher, audit, metrics, clock);
    }

    @Bean
    NodeAppliedListener nodeAppliedListener(TalosNodeProbe probe, HealthReporter reporter,
                                            @Value("${tailtalos.monitor.health-window:60s}") Duration window,
                                            @Value("${tailtalos.monitor.probe-interval:500ms}") Duration interval) {
        return new NodeAppliedListener(probe, reporter, window, interval);
    }

    @Bean
    AuditListener auditListener(AuditKeeper keeper) {
        return new AuditListener(keeper);
    }

    @Bean
    EventStreamListener eventStreamListener(RolloutBoard rollouts, NodeBoard nodes, MonitorMetrics metrics) {
        return new EventStreamListener(rollouts, nodes, metrics);
    }

    @Bean
    DeadLetterListener deadLetterListener(MonitorMetrics metrics) {
        return new DeadLetterListener(metrics);
    }

    @Bean
    MonitorApiController monitorApiController(AuditKeeper audit, RolloutBoard rollouts, NodeBoard nodes, Clock clock) {
        return new MonitorApiController(audit, rollouts, nodes, clock);
    }
}
