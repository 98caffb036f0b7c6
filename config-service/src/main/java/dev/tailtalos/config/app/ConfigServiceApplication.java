package dev.tailtalos.config.app;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.kafka.TailtalosKafkaConfiguration;
import dev.tailtalos.common.web.HttpGuardConfiguration;
import dev.tailtalos.common.web.TokenFile;
import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.adapters.TalosConfigSchemas;
import dev.tailtalos.config.adapters.NodeObservedListener;
import dev.tailtalos.config.adapters.RepoWatcher;
import dev.tailtalos.config.adapters.RepoRolloutPolicy;
import dev.tailtalos.config.adapters.RolloutRequestedListener;
import dev.tailtalos.config.adapters.RolloutTrigger;
import dev.tailtalos.config.adapters.TriggerController;
import dev.tailtalos.config.domain.MachineConfigRenderer;
import dev.tailtalos.config.domain.RenderPipeline;
import dev.tailtalos.config.domain.RepoAllowlist;
import dev.tailtalos.config.domain.RequestCoalescer;
import dev.tailtalos.config.domain.WebhookDeliveries;
import dev.tailtalos.config.domain.SopsDecryptor;
import dev.tailtalos.config.domain.TailnetObservations;
import dev.tailtalos.config.domain.TalconfigLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

@SpringBootApplication(scanBasePackages = "dev.tailtalos.config.app")
@Import({TailtalosKafkaConfiguration.class, HttpGuardConfiguration.class})
public class ConfigServiceApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(ConfigServiceApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "config-service"));
        app.run(args);
    }

    /** Until the integrator wires secrets-service's SOPS decryption in, encrypted files are refused by name. */
    @Bean
    SopsDecryptor sopsDecryptor() {
        return SopsDecryptor.NONE;
    }

    /** Rebuilt from node.observed before any listener starts. */
    @Bean
    TailnetObservations tailnetObservations(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                                            @Value("${tailtalos.config.observed-replay-timeout:PT30S}") Duration timeout) {
        TailnetObservations observations = new TailnetObservations();
        int read = NodeObservedListener.replay(bootstrap, observations, timeout);
        LoggerFactory.getLogger(ConfigServiceApplication.class).info("tailnet observations rebuilt from {} node.observed records", read);
        return observations;
    }

    @Bean
    RolloutTrigger rolloutTrigger(EventPublisher publisher, AuditWriter audit,
                                  @Value("${tailtalos.config.cluster-repo:}") String repo,
                                  @Value("${tailtalos.config.request-debounce:PT5S}") Duration debounce) {
        return new RolloutTrigger(publisher, audit, repo, new RepoRolloutPolicy(new Yaml()),
                new RequestCoalescer(Clock.systemUTC(), debounce));
    }

    @Bean
    RolloutRequestedListener rolloutRequestedListener(EventPublisher publisher, AuditWriter audit, SopsDecryptor sops,
                                                      TailnetObservations observations, RolloutTrigger trigger) {
        Yaml yaml = new Yaml();
        TalosConfigSchemas schemas = new TalosConfigSchemas();
        RenderPipeline pipeline = RenderPipeline.forRollouts(new TalconfigLoader(yaml, sops, false),
                new MachineConfigRenderer(yaml, sops, schemas), schemas);
        return new RolloutRequestedListener(pipeline, observations, trigger, publisher, audit, System.getenv());
    }

    @Bean
    NodeObservedListener nodeObservedListener(TailnetObservations observations, RolloutTrigger trigger, AuditWriter audit) {
        return new NodeObservedListener(observations, trigger, audit);
    }

    @Bean
    TriggerController triggerController(RolloutTrigger trigger,
                                        @Value("${tailtalos.config.api-token-file:}") String apiTokenFile,
                                        @Value("${tailtalos.config.api-token:}") String apiTokenValue,
                                        @Value("${tailtalos.config.webhook-secret:}") String webhookSecret,
                                        @Value("${tailtalos.config.max-body-bytes:1048576}") int maxBodyBytes,
                                        @Value("${tailtalos.config.webhook-branch:}") String branch,
                                        @Value("${tailtalos.config.cluster-repo:}") String repo,
                                        @Value("${tailtalos.config.allowed-repos:}") List<String> allowedRepos,
                                        @Value("${tailtalos.config.webhook-replay-window:PT24H}") Duration window) {
        if (!apiTokenValue.isBlank()) {
            throw new IllegalArgumentException("tailtalos.config.api-token (TAILTALOS_CONFIG_API_TOKEN) is not read any more:"
                    + " put the token in a 0600 file and set tailtalos.config.api-token-file (TAILTALOS_CONFIG_API_TOKEN_FILE)");
        }
        String apiToken = TokenFile.fromSetting(apiTokenFile, "ttcfg").reveal();
        return new TriggerController(trigger, new TriggerController.TriggerSettings(apiToken, webhookSecret,
                maxBodyBytes, branch), new RepoAllowlist(repo, allowedRepos),
                new WebhookDeliveries(Clock.systemUTC(), window, 100_000));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "tailtalos.config.watch", havingValue = "true")
    RepoWatcher repoWatcher(RolloutTrigger trigger, @Value("${tailtalos.config.cluster-repo}") String repo,
                            @Value("${tailtalos.config.watch-debounce:PT2S}") Duration debounce) throws IOException {
        return new RepoWatcher(Path.of(repo), debounce, trigger);
    }
}
