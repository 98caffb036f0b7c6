package dev.tailtalos.cli.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import dev.tailtalos.cli.CliHttp;
import dev.tailtalos.cli.ServiceUrl;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of the secrets-service HTTP API. */
final class SecretsHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final String token;

    SecretsHttp(String base, String token) {
        String url = ServiceUrl.parse(base, "--server").toString();
        this.base = url.substring(0, url.length() - 1);
        this.token = token;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    JsonNode post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CliHttp.client().send(b.header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("secrets-service answered HTTP " + r.statusCode() + ": "
                        + body.path("error").asText(r.body()));
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach secrets-service at " + base + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
