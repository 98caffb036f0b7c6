package dev.tailtalos.monitor.app;

import dev.tailtalos.common.settings.SettingsCheck;
import dev.tailtalos.common.settings.StartupSettingsValidator;
import org.springframework.core.env.PropertyResolver;
import org.springframework.stereotype.Component;

/**
 * Checks monitor-service's settings before any bean is created; a bad one stops the start with a message naming
 * the property and its environment variable (all bad settings at once).
 */
@Component
class MonitorSettingsValidator extends StartupSettingsValidator {

    MonitorSettingsValidator() {
        super("monitor-service", MonitorSettingsValidator::check);
    }

    static SettingsCheck check(PropertyResolver settings) {
        return SettingsCheck.of(settings)
                .required("spring.kafka.bootstrap-servers").hostPorts("spring.kafka.bootstrap-servers")
                .kafkaTopics()
                .port("server.port")
                .readableFile("tailtalos.talosconfig")
                .nodeEndpoints("tailtalos.nodes.endpoints")
                .nodeEndpoints("tailtalos.nodes.tailnet-endpoints")
                .bool("tailtalos.dial.loopback-only")
                .httpUrl("tailtalos.tailscale.api-url")
                .optionalReadableFile("tailtalos.tailscale.api-token-file")
                .duration("tailtalos.monitor.health-window")
                .duration("tailtalos.monitor.probe-interval")
                .duration("tailtalos.monitor.probe-every")
                .duration("tailtalos.monitor.device-away")
                .duration("tailtalos.monitor.authkey-warning")
                .duration("tailtalos.monitor.san-healing-grace")
                .duration("tailtalos.monitor.payload-timeout")
                .duration("tailtalos.monitor.payload-every");
    }
}
