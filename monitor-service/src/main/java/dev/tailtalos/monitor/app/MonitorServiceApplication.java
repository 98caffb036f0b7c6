package dev.tailtalos.monitor.app;

import dev.tailtalos.common.audit.AuditWriter;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.kafka.TailtalosKafkaConfiguration;
import dev.tailtalos.common.web.BearerTokenFilter;
import dev.tailtalos.common.web.HttpGuardConfiguration;
import dev.tailtalos.common.web.TokenFile;
import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosConfig;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.monitor.adapters.AuditListener;
import dev.tailtalos.monitor.adapters.SecretAlertListener;
import dev.tailtalos.monitor.adapters.DeadLetterListener;
import dev.tailtalos.monitor.adapters.EventStreamListener;
import dev.tailtalos.monitor.adapters.HealthReporter;
import dev.tailtalos.monitor.adapters.LargePayloadProbe;
import dev.tailtalos.monitor.domain.TailnetAddressMap;
import dev.tailtalos.monitor.adapters.MonitorMetrics;
import dev.tailtalos.monitor.adapters.NodeAppliedListener;
import dev.tailtalos.monitor.adapters.TalosNodeProbe;
import dev.tailtalos.monitor.adapters.NodeProber;
import dev.tailtalos.monitor.adapters.ProbeScheduler;
import dev.tailtalos.monitor.adapters.TailscaleApiClient;
import dev.tailtalos.monitor.adapters.TlsCertificateInspector;
import dev.tailtalos.monitor.adapters.http.ProbeController;
import dev.tailtalos.common.talos.NodeEndpoints;
import java.net.URI;
import java.nio.file.Files;
import org.springframework.beans.factory.ObjectProvider;
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
@Import({TailtalosKafkaConfiguration.class, HttpGuardConfiguration.class})
public class MonitorServiceApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(MonitorServiceApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "monitor-service"));
        app.run(args);
    }

    @Bean
    TalosNodeProbe talosNodeProbe(@Value("${tailtalos.talosconfig}") Path talosconfig,
                                  @Value("${tailtalos.dial.loopback-only:true}") boolean loopbackOnly) throws IOException {
        return new TalosNodeProbe(TalosConfig.readCredentials(talosconfig),
                loopbackOnly ? DialPolicy.loopbackOnly() : DialPolicy.any());
    }

    /**
     * Every {@code /api/} call needs a bearer token: reads the read token (or the write token), writes such as
     * {@code POST /api/v1/probes/…} the write token. Unset token files lock the API.
     */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<BearerTokenFilter> monitorApiTokens(
            @Value("${tailtalos.monitor.api-token-file:}") String writeTokenFile,
            @Value("${tailtalos.monitor.read-token-file:}") String readTokenFile) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new BearerTokenFilter("/api/",
                TokenFile.fromSetting(writeTokenFile, "ttmon"), TokenFile.fromSetting(readTokenFile, "ttmonread"),
                "tailtalos.monitor.api-token-file and tailtalos.monitor.read-token-file"));
        registration.addUrlPatterns("/api/*");
        return registration;
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
    NodeBoard nodeBoard(@Value("${tailtalos.nodes.endpoints:}") String lanEndpoints) {
        NodeBoard board = new NodeBoard();
        NodeEndpoints.parse(lanEndpoints).overrides().forEach(board::lanEndpoint);
        return board;
    }

    @Bean
    TalosCredentials talosCredentials(@Value("${tailtalos.talosconfig}") Path talosconfig) throws IOException {
        return TalosConfig.readCredentials(talosconfig);
    }

    /** Null (no Tailscale API checks) without an API token file; the token is read once and never logged. */
    @Bean
    TailscaleApiClient tailscaleApiClient(@Value("${tailtalos.tailscale.api-url:https://api.tailscale.com}") URI url,
                                                    @Value("${tailtalos.tailscale.tailnet:-}") String tailnet,
                                                    @Value("${tailtalos.tailscale.api-token-file:}") String tokenFile)
            throws IOException {
        if (tokenFile.isBlank()) {
            return null;
        }
        Path file = Path.of(tokenFile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("tailtalos.tailscale.api-token-file: " + file + " is not a file");
        }
        String token = Files.readString(file).trim();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("tailtalos.tailscale.api-token-file: " + file + " is empty");
        }
        return new TailscaleApiClient(url, tailnet, token);
    }

    @Bean
    NodeProber nodeProber(TalosNodeProbe lan, TalosCredentials credentials,
                          @Value("${tailtalos.dial.loopback-only:true}") boolean loopbackOnly,
                          ObjectProvider<TailscaleApiClient> tailscale, NodeBoard board, EventPublisher publisher,
                          AuditWriter audit, Clock clock,
                          @Value("${tailtalos.nodes.tailnet-endpoints:}") String tailnetEndpoints,
                          @Value("${tailtalos.monitor.tailnet-address-map:}") String addressMap,
                          @Value("${tailtalos.monitor.san-healing-grace:10m}") Duration healingGrace,
                          @Value("${tailtalos.monitor.payload-path:/proc/kallsyms}") String payloadPath,
                          @Value("${tailtalos.monitor.payload-timeout:10s}") Duration payloadTimeout,
                          @Value("${tailtalos.monitor.payload-every:15m}") Duration payloadEvery,
                          @Value("${tailtalos.monitor.device-away:10m}") Duration allowedAway,
                          @Value("${tailtalos.monitor.authkey-warning:14d}") Duration authKeyWarning) {
        DialPolicy policy = loopbackOnly ? DialPolicy.loopbackOnly() : DialPolicy.any();
        NodeProber.Tailnet tailnet = new NodeProber.Tailnet(NodeEndpoints.parse(tailnetEndpoints).overrides(),
                TailnetAddressMap.parse("tailtalos.monitor.tailnet-address-map", addressMap), healingGrace);
        LargePayloadProbe payload = new LargePayloadProbe(credentials, policy,
                new LargePayloadProbe.Settings(payloadPath, payloadTimeout, payloadEvery), clock);
        return new NodeProber(lan, credentials, policy, new TlsCertificateInspector(credentials, policy, 5000),
                tailscale.getIfAvailable(), board, publisher, audit, clock, tailnet, payload, allowedAway,
                authKeyWarning);
    }

    @Bean
    ProbeScheduler probeScheduler(NodeProber prober, NodeBoard board, HealthReporter reporter,
                                  @Value("${tailtalos.monitor.probe-every:60s}") Duration every) {
        return new ProbeScheduler(prober, board, reporter, every);
    }

    @Bean
    ProbeController probeController(ProbeScheduler probes) {
        return new ProbeController(probes);
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
    NodeAppliedListener nodeAppliedListener(NodeProber probe, HealthReporter reporter,
                                            @Value("${tailtalos.monitor.health-window:60s}") Duration window,
                                            @Value("${tailtalos.monitor.probe-interval:500ms}") Duration interval,
                                            @Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                                            @Value("${tailtalos.monitor.pending-replay-timeout:PT30S}") Duration replay) {
        NodeAppliedListener listener = new NodeAppliedListener(probe, reporter, window, interval);
        // applied nodes a killed monitor never answered: probed again (the window doubled covers a probe in flight)
        listener.resume(NodeAppliedListener.pending(bootstrap, window.multipliedBy(2), replay));
        return listener;
    }

    @Bean
    AuditListener auditListener(AuditKeeper keeper, NodeBoard board) {
        return new AuditListener(keeper, board);
    }

    @Bean
    SecretAlertListener secretAlertListener(NodeBoard board) {
        return new SecretAlertListener(board);
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
