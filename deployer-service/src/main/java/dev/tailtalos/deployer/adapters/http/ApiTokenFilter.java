package dev.tailtalos.deployer.adapters.http;

import dev.tailtalos.common.crypto.AesGcm;
import dev.tailtalos.common.crypto.KeyFiles;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Bearer-token check of the deployer's HTTP API ({@code /api/**}): the token lives in a 0600 file (created with a
 * random token if missing). Without a token file the API refuses every call.
 */
public final class ApiTokenFilter extends OncePerRequestFilter {
    private final byte[] token;

    private ApiTokenFilter(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** @param tokenFile blank: no token, every call is refused */
    public static ApiTokenFilter fromFile(String tokenFile) {
        if (tokenFile == null || tokenFile.isBlank()) {
            return new ApiTokenFilter("");
        }
        Path file = Path.of(tokenFile);
        try {
            if (!Files.exists(file)) {
                KeyFiles.writePrivate(file, ("ttdep-" + HexFormat.of().formatHex(AesGcm.randomBytes(24)) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (t.length() < 16) {
                throw new IllegalStateException(file + ": deployer API token is shorter than 16 characters");
            }
            return new ApiTokenFilter(t);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deployer API token file " + file, e);
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (accepts(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(401);
        response.setContentType("application/json");
        response.setHeader("WWW-Authenticate", "Bearer");
        response.getWriter().write(token.length == 0
                ? "{\"error\":\"deployer API disabled: set tailtalos.deployer.api-token-file\"}"
                : "{\"error\":\"missing or wrong bearer token\"}");
    }

    boolean accepts(String header) {
        if (token.length == 0 || header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiTokenFilter[token hidden]";
    }
}
