package dev.tailtalos.deployer.app;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.crypto.EnvelopeSealer;
import dev.tailtalos.common.crypto.LocalKeyWrapper;
import dev.tailtalos.common.events.EventEnvelopes;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.kafka.TailtalosKafkaConfiguration;
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
import dev.tailtalos.deployer.adapters.TopicReplayer;
import dev.tailtalos.deployer.adapters.http.RolloutHttpApi;
import dev.tailtalos.deployer.domain.ApplyMode;
import dev.tailtalos.deployer.domain.NodeCalls;
import dev.tailtalos.deployer.domain.NodeConfigReader;
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
@Import(TailtalosKafkaConfiguration.class)
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
        TalosCredentials credentials = TalosCredentials.fromContext(TalosConfig.read(talosconfig).currentContext());
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
                                       @Value("${tailtalos.deployer.upgrade-timeout:5m}") Duration upgradeTimeout) {
        return new RolloutPolicy(maxParallel, maxFailures, healthTimeout, deadline,
                ApplyMode.parse(mode, "tailtalos.deployer.apply-mode"), rollback,
                tryTimeout == null ? healthTimeout.plusMinutes(1) : tryTimeout, false, upgradeTimeout);
    }

    @Bean
    RolloutCoordinator rolloutCoordinator(NodeStepRunner steps, NodeEndpointDirectory endpoints,
                                          EventPublisher publisher, EventEnvelopes envelopes, AuditWriter audit,
                                          Clock clock, RolloutPolicy defaults,
                                          @Value("${tailtalos.seal.key-file}") Path sealKeyFile,
                                          @Value("${tailtalos.deployer.workers:16}") int workers,
                                          @Value("${tailtalos.deployer.status-interval:1s}") Duration statusInterval,
                                          @Value("${tailtalos.deployer.tick-interval:250ms}") Duration tick) {
        return new RolloutCoordinator(new EnvelopeSealer(LocalKeyWrapper.fromFile(sealKeyFile)), steps, endpoints,
                publisher, envelopes, audit, clock,
                new RolloutCoordinator.Settings(defaults, workers, statusInterval, tick));
    }

    @Bean
    RolloutHttpApi rolloutHttpApi(RolloutCoordinator coordinator, EventPublisher publisher) {
        return new RolloutHttpApi(coordinator, publisher);
    }

    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<dev.tailtalos.deployer.adapters.http.ApiTokenFilter>
            apiTokenFilter(@Value("${tailtalos.deployer.api-token-file:}") String tokenFile) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(
                dev.tailtalos.deployer.adapters.http.ApiTokenFilter.fromFile(tokenFile));
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
