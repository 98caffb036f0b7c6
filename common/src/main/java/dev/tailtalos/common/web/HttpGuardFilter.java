package dev.tailtalos.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * First filter of every tailtalos HTTP service: refuses a {@code Host} that is not one of the service's names (421,
 * against DNS rebinding) and sends the browser security headers on every response.
 */
public final class HttpGuardFilter extends OncePerRequestFilter {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private final HostAllowlist hosts;

    public HttpGuardFilter(HostAllowlist hosts) {
        this.hosts = hosts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        if (!hosts.allows(request.getHeader("Host"))) {
            HttpErrors.json(response, 421, "Host '" + printable(request.getHeader("Host"))
                    + "' is not one of this service's names (tailtalos.http.allowed-hosts)");
            return;
        }
        chain.doFilter(request, response);
    }

    private static String printable(String host) {
        if (host == null) {
            return "";
        }
        String cut = host.length() > 100 ? host.substring(0, 100) : host;
        return cut.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
