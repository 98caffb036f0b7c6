package dev.tailtalos.config.app;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.kafka.TailtalosKafkaConfiguration;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.adapters.RolloutRequestedListener;
import dev.tailtalos.config.domain.MachineConfigRenderer;
import dev.tailtalos.config.domain.TalconfigLoader;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.util.Map;

@SpringBootApplication(scanBasePackages = "dev.tailtalos.config.app")
@Import(TailtalosKafkaConfiguration.class)
public class ConfigServiceApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(ConfigServiceApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "config-service"));
        app.run(args);
    }

    @Bean
    RolloutRequestedListener rolloutRequestedListener(EventPublisher publisher, AuditWriter audit) {
        Yaml yaml = new Yaml();
        return new RolloutRequestedListener(new TalconfigLoader(yaml), new MachineConfigRenderer(yaml), publisher, audit,
                System.getenv());
    }
}
