package dev.tailtalos.deployer.app;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.crypto.LocalKeyWrapper;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.kafka.TailtalosKafkaConfiguration;
import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.NodeEndpoints;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.deployer.adapters.RolloutCoordinator;
import dev.tailtalos.deployer.adapters.TalosNodeApplier;
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

@SpringBootApplication(scanBasePackages = "dev.tailtalos.deployer.app")
@Import(TailtalosKafkaConfiguration.class)
public class DeployerServiceApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(DeployerServiceApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "deployer-service"));
        app.run(args);
    }

    @Bean
    TalosNodeApplier talosNodeApplier(@Value("${tailtalos.talosconfig}") Path talosconfig,
                                      @Value("${tailtalos.nodes.endpoints:}") String endpoints,
                                      @Value("${tailtalos.dial.loopback-only:true}") boolean loopbackOnly,
                                      @Value("${tailtalos.deployer.apply.max-attempts:5}") int maxAttempts,
                                      @Value("${tailtalos.deployer.apply.initial-backoff-ms:200}") long backoffMs)
            throws IOException {
        TalosCredentials credentials = TalosCredentials.fromContext(TalosConfig.read(talosconfig).currentContext());
        return new TalosNodeApplier(NodeEndpoints.parse(endpoints), credentials,
                loopbackOnly ? DialPolicy.loopbackOnly() : DialPolicy.any(), maxAttempts, backoffMs);
    }

    @Bean
    RolloutCoordinator rolloutCoordinator(TalosNodeApplier applier, EventPublisher publisher, AuditWriter audit,
                                          Clock clock, @Value("${tailtalos.seal.key-file}") Path sealKeyFile,
                                          @Value("${tailtalos.deployer.health-timeout:120s}") Duration healthTimeout) {
        return new RolloutCoordinator(new EnvelopeSealer(LocalKeyWrapper.fromFile(sealKeyFile)), applier, publisher,
                audit, clock, healthTimeout);
    }
}
