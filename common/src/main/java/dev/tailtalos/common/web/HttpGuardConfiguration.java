package dev.tailtalos.common.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The HTTP guard every tailtalos service imports: Host check and security headers before anything else runs.
 * {@code tailtalos.http.allowed-hosts}: extra names (comma-separated) besides localhost, 127.0.0.1 and [::1];
 * {@code server.address} is added when it names one address.
 */
@Configuration(proxyBeanMethods = false)
public class HttpGuardConfiguration {

    @Bean
    public FilterRegistrationBean<HttpGuardFilter> tailtalosHttpGuard(
            @Value("${tailtalos.http.allowed-hosts:}") String allowedHosts,
            @Value("${server.address:}") String serverAddress) {
        List<String> names = new ArrayList<>(Arrays.asList(allowedHosts.split(",")));
        if (!serverAddress.isBlank() && !serverAddress.equals("0.0.0.0") && !serverAddress.equals("::")) {
            names.add(serverAddress);
        }
        FilterRegistrationBean<HttpGuardFilter> registration = new FilterRegistrationBean<>(
                new HttpGuardFilter(new HostAllowlist(names)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
