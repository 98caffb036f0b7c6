package dev.tailtalos.secrets.app;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.crypto.KeyFiles;
import dev.tailtalos.common.crypto.LocalKeyWrapper;
import dev.tailtalos.common.crypto.SecretHmac;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.kafka.TailtalosKafkaConfiguration;
import dev.tailtalos.secrets.adapters.ConfigRenderedListener;
import dev.tailtalos.secrets.domain.ConfigSealer;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.LocalKeystore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.nio.file.Path;
import java.time.Clock;

@SpringBootApplication(scanBasePackages = "dev.tailtalos.secrets.app")
@Import(TailtalosKafkaConfiguration.class)
public class SecretsServiceApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SecretsServiceApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.name", "secrets-service"));
        app.run(args);
    }

    @Bean
    Custody custody(@Value("${tailtalos.custody.keystore-file}") Path keystoreFile,
                    @Value("${tailtalos.custody.key-file}") Path keyFile, Clock clock) {
        return LocalKeystore.open(keystoreFile, keyFile, clock);
    }

    @Bean
    ConfigSealer configSealer(Custody custody, @Value("${tailtalos.seal.key-file}") Path sealKeyFile,
                              @Value("${tailtalos.audit.hmac-key-file}") Path hmacKeyFile) {
        return new ConfigSealer(custody, new EnvelopeSealer(LocalKeyWrapper.fromFile(sealKeyFile)),
                new SecretHmac(KeyFiles.loadOrCreate(hmacKeyFile)));
    }

    @Bean
    ConfigRenderedListener configRenderedListener(ConfigSealer sealer, EventPublisher publisher, AuditWriter audit) {
        return new ConfigRenderedListener(sealer, publisher, audit);
    }
}
