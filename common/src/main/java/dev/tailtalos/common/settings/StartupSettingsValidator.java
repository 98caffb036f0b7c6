package dev.tailtalos.common.settings;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertyResolver;

import java.util.function.Function;

/**
 * Checks a service's settings before any bean is created; a bad one stops the start with a message naming the
 * property and its environment variable (all bad settings at once).
 */
public abstract class StartupSettingsValidator implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {
    private final String serviceName;
    private final Function<PropertyResolver, SettingsCheck> check;
    private Environment environment;

    protected StartupSettingsValidator(String serviceName, Function<PropertyResolver, SettingsCheck> check) {
        this.serviceName = serviceName;
        this.check = check;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check.apply(environment).throwIfInvalid(serviceName);
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
