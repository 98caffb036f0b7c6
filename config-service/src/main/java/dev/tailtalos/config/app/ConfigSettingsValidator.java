package dev.tailtalos.config.app;

import dev.tailtalos.common.settings.SettingsCheck;
import dev.tailtalos.common.settings.StartupSettingsValidator;
import org.springframework.core.env.PropertyResolver;
import org.springframework.stereotype.Component;

/**
 * Checks config-service's settings before any bean is created; a bad one stops the start with a message naming
 * the property and its environment variable (all bad settings at once).
 */
@Component
class ConfigSettingsValidator extends StartupSettingsValidator {

    ConfigSettingsValidator() {
        super("config-service", ConfigSettingsValidator::check);
    }

    static SettingsCheck check(PropertyResolver settings) {
        SettingsCheck check = SettingsCheck.of(settings)
                .required("spring.kafka.bootstrap-servers").hostPorts("spring.kafka.bootstrap-servers")
                .kafkaTopics()
                .port("server.port")
                .directory("tailtalos.config.cluster-repo")
                .intAtLeast("tailtalos.config.max-body-bytes", 1)
                .bool("tailtalos.config.watch")
                .duration("tailtalos.config.watch-debounce")
                .duration("tailtalos.config.observed-replay-timeout")
                .duration("tailtalos.config.request-debounce")
                .duration("tailtalos.config.webhook-replay-window");
        if (check.value("tailtalos.config.watch").equalsIgnoreCase("true")) {
            check.required("tailtalos.config.cluster-repo");
        }
        return check;
    }
}
