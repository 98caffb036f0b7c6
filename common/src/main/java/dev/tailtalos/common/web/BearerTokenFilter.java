package dev.tailtalos.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Bearer tokens for an API under a path prefix: reads (GET, HEAD) take the read token or the write token, everything
 * else only the write token. A missing or wrong token is 401 with {@code WWW-Authenticate: Bearer}; a read token on a
 * write is 403.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {
    private final String pathPrefix;
    private final BearerToken writeToken;
    private final BearerToken readToken;
    private final String settingHint;

    /** @param settingHint names the settings that give the tokens, for the error of a disabled API */
    public BearerTokenFilter(String pathPrefix, BearerToken writeToken, BearerToken readToken, String settingHint) {
        this.pathPrefix = pathPrefix;
        this.writeToken = writeToken;
        this.readToken = readToken;
        this.settingHint = settingHint;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(pathPrefix);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (writeToken.accepts(header) || (read && readToken.accepts(header))) {
            chain.doFilter(request, response);
            return;
        }
        if (!read && readToken.accepts(header)) {
            HttpErrors.json(response, 403, "the read token cannot change anything: use the write token");
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer");
        HttpErrors.json(response, 401, writeToken.enabled() || readToken.enabled() ? "missing or wrong bearer token"
                : "API disabled: set " + settingHint);
    }

    @Override
    public String toString() {
        return "BearerTokenFilter[" + pathPrefix + ", tokens hidden]";
    }
}
