package dev.tailtalos.cli.demo;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.HashMap;
import java.util.Map;

/** Starts one tailtalos service (a Spring Boot application) inside this JVM. */
final class ServiceLauncher {
    private ServiceLauncher() {
    }

    static ConfigurableApplicationContext start(Class<?> application, String serviceName, String bootstrapServers,
                                                Map<String, Object> properties) {
        // Several services share this JVM's logging; none of them may reset it.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        Map<String, Object> props = new HashMap<>(properties);
        props.put("spring.config.name", serviceName);
        props.put("spring.kafka.bootstrap-servers", bootstrapServers);
        props.put("spring.kafka.client-id", serviceName);
        props.put("spring.main.banner-mode", "off");
        props.put("spring.main.log-startup-info", "false");
        // As command-line arguments they outrank every property file, including the shared defaults.
        // A service may run its web server (loopback, e.g. server.port=0) when asked to with tailtalos.web.enabled=true.
        boolean web = "true".equals(String.valueOf(props.remove("tailtalos.web.enabled")));
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(application)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .registerShutdownHook(false)
                .run(args);
    }
}
