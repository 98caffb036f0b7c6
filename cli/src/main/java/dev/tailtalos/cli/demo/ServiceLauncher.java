package dev.tailtalos.cli.demo;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts one tailtalos service (a Spring Boot application) inside this JVM. A service runs its web server only when
 * {@code server.port} is among its properties (the monitor's page and API); the others run without one.
 */
final class ServiceLauncher {
    private ServiceLauncher() {
    }

    static ConfigurableApplicationContext start(Class<?> application, String serviceName, String bootstrapServers,
                                                Map<String, Object> properties) {
        // Several services share this JVM's logging; none of them may reset it.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        // The monitor's Tomcat logs through java.util.logging: route it to the demo's log files, not the console.
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
        Map<String, Object> props = new HashMap<>(properties);
        props.put("spring.config.name", serviceName);
        props.put("spring.kafka.bootstrap-servers", bootstrapServers);
        props.put("spring.kafka.client-id", serviceName);
        props.put("spring.main.banner-mode", "off");
        props.put("spring.main.log-startup-info", "false");
        // As command-line arguments they outrank every property file, including the shared defaults.
        // A service runs its HTTP API only when given a port (the demo passes 127.0.0.1 and port 0).
        boolean web = props.containsKey("server.port");
        if (web) {
            props.putIfAbsent("server.address", "127.0.0.1");
        }
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(application)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .registerShutdownHook(false)
                .run(args);
    }
}
