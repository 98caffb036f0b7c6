package dev.tailtalos.secrets.adapters.tailscale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.secrets.domain.authkeys.TailscaleKeys;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Tailscale API v2 over HTTPS (java.net.http): OAuth client-credentials tokens (cached until shortly before they
 * expire), {@code POST/DELETE /api/v2/tailnet/{tailnet}/keys}. Transient failures (5xx, network, 429) are retried by
 * resilience4j with exponential backoff; a 429 waits for its Retry-After if that is within {@code maxRetryAfter},
 * otherwise the error carries the Retry-After to the caller. Secrets never appear in messages.
 */
public final class TailscaleApiClient implements TailscaleKeys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration maxRetryAfter;
    private final Retry retry;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant expires) {
    }

    public TailscaleApiClient(String baseUrl, Duration timeout, int maxAttempts, Duration initialBackoff,
                              Duration maxRetryAfter, Clock clock) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.maxRetryAfter = maxRetryAfter;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        IntervalBiFunction<Object> interval = (attempt, either) -> {
            if (either.isLeft() && either.getLeft() instanceof TailscaleApiException e && e.retryAfter() != null) {
                return e.retryAfter().toMillis();
            }
            return (long) (initialBackoff.toMillis() * Math.pow(2, attempt - 1));
        };
        this.retry = Retry.of("tailscale-api", RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalBiFunction(interval)
                .retryOnException(e -> e instanceof TailscaleApiException t && t.isTransient()
                        && (t.retryAfter() == null || t.retryAfter().compareTo(maxRetryAfter) <= 0))
                .build());
    }

    public static TailscaleApiClient standard(String baseUrl, Clock clock) {
        return new TailscaleApiClient(baseUrl, Duration.ofSeconds(15), 4, Duration.ofMillis(500), Duration.ofSeconds(30),
                clock);
    }

    @Override
    public MintedKey create(OAuthCredentials client, KeyRequest request) {
        ObjectNode create = JSON.createObjectNode()
                .put("reusable", request.reusable())
                .put("ephemeral", request.ephemeral())
                .put("preauthorized", request.preauthorized());
        create.set("tags", JSON.valueToTree(request.tags()));
        ObjectNode body = JSON.createObjectNode();
        body.set("capabilities", JSON.createObjectNode().set("devices", JSON.createObjectNode().set("create", create)));
        body.put("expirySeconds", request.expiry().toSeconds());
        if (request.description() != null && !request.description().isBlank()) {
            body.put("description", request.description());
        }
        JsonNode key = withRetry(() -> send(client, "POST", "/api/v2/tailnet/" + enc(client.tailnet()) + "/keys",
                body.toString(), "create an auth key"));
        String secret = key.path("key").asText("");
        if (!secret.startsWith("tskey-auth-")) {
            throw new TailscaleApiException("Tailscale API: create an auth key: the answer holds no tskey-auth- key", 0,
                    null, null);
        }
        return new MintedKey(key.path("id").asText(), secret, Instant.parse(key.path("created").asText()),
                Instant.parse(key.path("expires").asText()));
    }

    @Override
    public void revoke(OAuthCredentials client, String keyId) {
        try {
            withRetry(() -> send(client, "DELETE", "/api/v2/tailnet/" + enc(client.tailnet()) + "/keys/" + enc(keyId),
                    null, "revoke key " + keyId));
        } catch (TailscaleApiException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    private JsonNode withRetry(Supplier<JsonNode> call) {
        return Retry.decorateSupplier(retry, call).get();
    }

    private JsonNode send(OAuthCredentials client, String method, String path, String body, String what) {
        String token = token(client);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = exchange(b.build(), what);
        if (response.statusCode() == 401) {
            tokens.remove(client.clientId());
        }
        return check(response, what);
    }

    private String token(OAuthCredentials client) {
        Token cached = tokens.get(client.clientId());
        if (cached != null && clock.instant().isBefore(cached.expires().minusSeconds(60))) {
            return cached.value();
        }
        String form = "client_id=" + enc(client.clientId()) + "&client_secret=" + enc(client.clientSecret())
                + "&grant_type=client_credentials";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/oauth/token")).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        JsonNode answer = check(exchange(request, "OAuth token for client " + client.clientId()),
                "OAuth token for client " + client.clientId());
        String value = answer.path("access_token").asText("");
        if (value.isEmpty()) {
            throw new TailscaleApiException("Tailscale API: the OAuth token answer holds no access_token", 0, null, null);
        }
        Token token = new Token(value, clock.instant().plusSeconds(answer.path("expires_in").asLong(3600)));
        tokens.put(client.clientId(), token);
        return value;
    }

    private HttpResponse<String> exchange(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TailscaleApiException("Tailscale API: " + what + ": unreachable or timed out ("
                    + e.getClass().getSimpleName() + ")", 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TailscaleApiException("Tailscale API: " + what + ": interrupted", 0, null, e);
        }
    }

    private static JsonNode check(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = response.body() == null || response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (status >= 200 && status < 300) {
            return body;
        }
        Duration retryAfter = response.headers().firstValue("Retry-After").flatMap(TailscaleApiClient::seconds).orElse(null);
        String message = body.path("message").asText(body.path("error_description").asText(body.path("error").asText("")));
        String text = "Tailscale API: " + what + ": HTTP " + status + (message.isEmpty() ? "" : " (" + message + ")")
                + (status == 429 ? ", rate limited" + (retryAfter == null ? "" : "; retry after " + retryAfter.toSeconds() + "s") : "");
        throw new TailscaleApiException(text, status, retryAfter, null);
    }

    private static java.util.Optional<Duration> seconds(String header) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
