package dev.tailtalos.monitor.app;

import dev.tailtalos.common.settings.SettingsCheck;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.stereotype.Component;

/**
 * Checks monitor-service's settings before any bean is created; a bad one stops the start with a message naming
 * the property and its environment variable (all bad settings at once).
 */
@Component
class MonitorSettingsValidator implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment).throwIfInvalid("monitor-service");
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    static SettingsCheck check(PropertyResolver settings) {
        return SettingsCheck.of(settings)
                .required("spring.kafka.bootstrap-servers").hostPorts("spring.kafka.bootstrap-servers")
                .intAtLeast("tailtalos.kafka.partitions", 1)
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
