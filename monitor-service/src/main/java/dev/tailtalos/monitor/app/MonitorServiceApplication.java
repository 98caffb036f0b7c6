package dev.tailtalos.monitor.app;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.kafka.TailtalosKafkaConfiguration;
import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.monitor.adapters.AuditListener;
import dev.tailtalos.monitor.adapters.NodeAppliedListener;
import dev.tailtalos.monitor.adapters.TalosNodeProbe;
import dev.tailtalos.monitor.domain.AuditKeeper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.nio.file.Path;
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
    NodeAppliedListener nodeAppliedListener(TalosNodeProbe probe, EventPublisher publisher, AuditWriter audit,
                                            @Value("${tailtalos.monitor.health-window:60s}") Duration window,
                                            @Value("${tailtalos.monitor.probe-interval:500ms}") Duration interval) {
        return new NodeAppliedListener(probe, publisher, audit, window, interval);
    }

    @Bean
    AuditKeeper auditKeeper() {
        return new AuditKeeper();
    }

    @Bean
    AuditListener auditListener(AuditKeeper keeper) {
        return new AuditListener(keeper);
    }
}
