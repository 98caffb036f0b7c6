package dev.tailtalos.deployer.app;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.crypto.KeyWrapper;
import dev.tailtalos.common.crypto.LocalKeyWrapper;
import dev.tailtalos.common.crypto.VaultTransitWrapper;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.kafka.TailtalosKafkaConfiguration;
import dev.tailtalos.common.web.BearerToken;
import dev.tailtalos.common.web.BearerTokenFilter;
import dev.tailtalos.common.web.HttpGuardConfiguration;
import dev.tailtalos.common.web.TokenFile;
import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.NodeEndpoints;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.deployer.adapters.CosiConfigReader;
import dev.tailtalos.deployer.adapters.DryRunConfigReader;
import dev.tailtalos.deployer.adapters.NodeEndpointDirectory;
import dev.tailtalos.deployer.adapters.NodeStepRunner;
import dev.tailtalos.deployer.adapters.RolloutCoordinator;
import dev.tailtalos.deployer.adapters.TalosNodeCalls;
import dev.tailtalos.common.events.TopicReplayer;
import dev.tailtalos.deployer.adapters.http.RolloutHttpApi;
import dev.tailtalos.deployer.domain.ApplyMode;
import dev.tailtalos.deployer.domain.NodeCalls;
import dev.tailtalos.deployer.domain.NodeConfigReader;
import dev.tailtalos.deployer.domain.OnConflict;
import dev.tailtalos.deployer.domain.RolloutPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

@SpringBootApplication(scanBasePackages = "dev.tailtalos.deployer.app")
@Import({TailtalosKafkaConfiguration.class, HttpGuardConfiguration.class})
public class DeployerServiceApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(DeployerServiceApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "deployer-service"));
        app.run(args);
    }

    /** Wraps the Talos calls, e.g. with fault injection in tests or fixed latency in the benchmark. */
    public interface NodeCallsDecorator extends UnaryOperator<NodeCalls> {
    }

    @Bean
    TalosNodeCalls talosNodeCalls(@Value("${tailtalos.talosconfig}") Path talosconfig,
                                  @Value("${tailtalos.dial.loopback-only:true}") boolean loopbackOnly,
                                  @Value("${tailtalos.deployer.call-timeout:60s}") Duration callTimeout,
                                  @Value("${tailtalos.deployer.max-concurrent-calls:32}") int maxConcurrentCalls,
                                  @Value("${tailtalos.deployer.circuit-open-for:30s}") Duration circuitOpenFor)
            throws IOException {
        TalosCredentials credentials = TalosConfig.readCredentials(talosconfig);
        return new TalosNodeCalls(credentials, loopbackOnly ? DialPolicy.loopbackOnly() : DialPolicy.any(),
                callTimeout, maxConcurrentCalls, circuitOpenFor);
    }

    @Bean
    NodeEndpointDirectory nodeEndpointDirectory(TalosNodeCalls calls,
                                                @Value("${tailtalos.nodes.endpoints:}") String endpoints,
                                                @Value("${tailtalos.nodes.tailnet-endpoints:}") String tailnet) {
        return new NodeEndpointDirectory(NodeEndpoints.parse(endpoints),
                parse(tailnet, "tailtalos.nodes.tailnet-endpoints"), calls::circuitOpen);
    }

    @Bean
    NodeStepRunner nodeStepRunner(TalosNodeCalls talos, ObjectProvider<NodeCallsDecorator> decorator,
                                  NodeEndpointDirectory endpoints,
                                  @Value("${tailtalos.deployer.apply.max-attempts:5}") int maxAttempts,
                                  @Value("${tailtalos.deployer.apply.initial-backoff:200ms}") Duration backoff,
                                  @Value("${tailtalos.deployer.circuit-open-for:30s}") Duration circuitOpenFor,
                                  @Value("${tailtalos.deployer.upgrade.poll-interval:2s}") Duration upgradePoll) {
        NodeCalls calls = decorator.getIfAvailable(() -> c -> c).apply(talos);
        NodeConfigReader reader = new CosiConfigReader(talos, new DryRunConfigReader(calls));
        return new NodeStepRunner(calls, talos, reader, endpoints, maxAttempts, backoff, circuitOpenFor,
                upgradePoll);
    }

    @Bean
    RolloutPolicy defaultRolloutPolicy(@Value("${tailtalos.deployer.max-parallel:1}") int maxParallel,
                                       @Value("${tailtalos.deployer.max-failures:0}") int maxFailures,
                                       @Value("${tailtalos.deployer.health-timeout:120s}") Duration healthTimeout,
                                       @Value("${tailtalos.deployer.progress-deadline:10m}") Duration deadline,
                                       @Value("${tailtalos.deployer.apply-mode:auto}") String mode,
                                       @Value("${tailtalos.deployer.rollback-on-failure:true}") boolean rollback,
                                       @Value("${tailtalos.deployer.try-timeout:}") Duration tryTimeout,
                                       @Value("${tailtalos.deployer.upgrade-timeout:5m}") Duration upgradeTimeout,
                                       @Value("${tailtalos.deployer.on-conflict:supersede}") String onConflict) {
        return new RolloutPolicy(maxParallel, maxFailures, healthTimeout, deadline,
                ApplyMode.parse(mode, "tailtalos.deployer.apply-mode"), rollback,
                tryTimeout == null ? healthTimeout.plusMinutes(1) : tryTimeout, false, upgradeTimeout,
                OnConflict.parse(onConflict, "tailtalos.deployer.on-conflict"), RolloutPolicy.WAVES);
    }

    /**
     * The key that opens sealed configs, as secrets-service seals them ({@code tailtalos.seal.backend}): the local
     * sealing key file, or Vault transit (same {@code tailtalos.vault.*} properties as secrets-service).
     */
    @Bean
    KeyWrapper sealKey(@Value("${tailtalos.seal.backend:local}") String backend,
                       @Value("${tailtalos.seal.key-file:}") String keyFile,
                       @Value("${tailtalos.vault.address:}") String address,
                       @Value("${tailtalos.vault.token-file:}") String tokenFile,
                       @Value("${tailtalos.vault.approle.role-id:}") String roleId,
                       @Value("${tailtalos.vault.approle.secret-id-file:}") String secretIdFile,
                       @Value("${tailtalos.vault.transit-mount:transit}") String transitMount,
                       @Value("${tailtalos.vault.transit-key:tailtalos-seal}") String transitKey,
                       @Value("${tailtalos.vault.read-timeout:PT10S}") Duration timeout) {
        return sealKey(backend, keyFile, address, tokenFile, roleId, secretIdFile, transitMount, transitKey, timeout,
                System.getenv());
    }

    static KeyWrapper sealKey(String backend, String keyFile, String address, String tokenFile, String roleId,
                              String secretIdFile, String transitMount, String transitKey, Duration timeout,
                              Map<String, String> env) {
        return switch (backend) {
            case "local" -> {
                if (keyFile.isBlank()) {
                    throw new IllegalArgumentException("tailtalos.seal.key-file is required with tailtalos.seal.backend=local");
                }
                yield LocalKeyWrapper.fromFile(Path.of(keyFile));
            }
            case "vault-transit" -> {
                String token = tokenFile.isBlank() ? env.get("VAULT_TOKEN") : secretFile(tokenFile);
                String secretId = secretIdFile.isBlank() ? null : secretFile(secretIdFile);
                yield new RetryingKeyWrapper(new VaultTransitWrapper(new VaultTransitWrapper.Settings(address,
                        roleId.isBlank() ? token : null, roleId, secretId, transitMount, transitKey,
                        (int) Math.max(1, timeout.toSeconds()))));
            }
            default -> throw new IllegalArgumentException("tailtalos.seal.backend must be local or vault-transit, is '"
                    + backend + "'");
        };
    }

    private static String secretFile(String file) {
        try {
            return java.nio.file.Files.readString(Path.of(file)).strip();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    @Bean
    RolloutCoordinator rolloutCoordinator(NodeStepRunner steps, NodeEndpointDirectory endpoints,
                                          EventPublisher publisher, EventEnvelopes envelopes, AuditWriter audit,
                                          Clock clock, RolloutPolicy defaults,
                                          KeyWrapper sealKey,
                                          @Value("${tailtalos.deployer.workers:16}") int workers,
                                          @Value("${tailtalos.deployer.status-interval:1s}") Duration statusInterval,
                                          @Value("${tailtalos.deployer.tick-interval:250ms}") Duration tick) {
        return new RolloutCoordinator(new EnvelopeSealer(sealKey), steps, endpoints,
                publisher, envelopes, audit, clock,
                new RolloutCoordinator.Settings(defaults, workers, statusInterval, tick));
    }

    @Bean
    RolloutHttpApi rolloutHttpApi(RolloutCoordinator coordinator, EventPublisher publisher) {
        return new RolloutHttpApi(coordinator, publisher);
    }

    /** Bearer token of the deployer API ({@code /api/**}), from a 0600 file created when missing; unset locks the API. */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<BearerTokenFilter>
            apiTokenFilter(@Value("${tailtalos.deployer.api-token-file:}") String tokenFile) {
        BearerToken token = TokenFile.fromSetting(tokenFile, "ttdep");
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(
                new BearerTokenFilter("/api/", token, token, "tailtalos.deployer.api-token-file"));
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /** Rebuild state from the topics first; only then start the listeners. */
    @Bean
    ApplicationRunner replayThenListen(RolloutCoordinator coordinator, KafkaListenerEndpointRegistry registry,
                                       @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
                                       @Value("${tailtalos.deployer.replay-timeout:120s}") Duration timeout) {
        return args -> {
            coordinator.recover(new TopicReplayer(bootstrapServers).replay(RolloutCoordinator.REPLAYED_TOPICS,
                    timeout));
            RolloutCoordinator.LISTENER_IDS.forEach(id -> registry.getListenerContainer(id).start());
        };
    }

    private static NodeEndpoints parse(String spec, String property) {
        try {
            return NodeEndpoints.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("tailtalos.nodes.endpoints", property), e);
        }
    }
}
