package dev.tailtalos.deployer.app;

import dev.tailtalos.common.settings.SettingsCheck;
import dev.tailtalos.common.settings.StartupSettingsValidator;
import dev.tailtalos.deployer.domain.ApplyMode;
import org.springframework.core.env.PropertyResolver;
import org.springframework.stereotype.Component;

/**
 * Checks deployer-service's settings before any bean is created; a bad one stops the start with a message naming
 * the property and its environment variable (all bad settings at once).
 */
@Component
class DeployerSettingsValidator extends StartupSettingsValidator {

    DeployerSettingsValidator() {
        super("deployer-service", DeployerSettingsValidator::check);
    }

    static SettingsCheck check(PropertyResolver settings) {
        SettingsCheck check = SettingsCheck.of(settings)
                .required("spring.kafka.bootstrap-servers").hostPorts("spring.kafka.bootstrap-servers")
                .kafkaTopics()
                .port("server.port")
                .readableFile("tailtalos.talosconfig")
                .readableFile("tailtalos.seal.key-file")
                .nodeEndpoints("tailtalos.nodes.endpoints")
                .nodeEndpoints("tailtalos.nodes.tailnet-endpoints")
                .bool("tailtalos.dial.loopback-only")
                .intAtLeast("tailtalos.deployer.max-parallel", 1)
                .intAtLeast("tailtalos.deployer.max-failures", 0)
                .intAtLeast("tailtalos.deployer.workers", 1)
                .intAtLeast("tailtalos.deployer.max-concurrent-calls", 1)
                .intAtLeast("tailtalos.deployer.apply.max-attempts", 1)
                .bool("tailtalos.deployer.rollback-on-failure")
                .duration("tailtalos.deployer.health-timeout")
                .duration("tailtalos.deployer.progress-deadline")
                .duration("tailtalos.deployer.try-timeout")
                .duration("tailtalos.deployer.call-timeout")
                .duration("tailtalos.deployer.circuit-open-for")
                .duration("tailtalos.deployer.apply.initial-backoff")
                .duration("tailtalos.deployer.tick-interval")
                .duration("tailtalos.deployer.status-interval")
                .duration("tailtalos.deployer.replay-timeout");
        try {
            ApplyMode.parse(check.value("tailtalos.deployer.apply-mode"), "tailtalos.deployer.apply-mode");
        } catch (IllegalArgumentException e) {
            check.problem("tailtalos.deployer.apply-mode",
                    "'" + check.value("tailtalos.deployer.apply-mode") + "' is not one of auto, no-reboot, staged, try");
        }
        return check;
    }
}
