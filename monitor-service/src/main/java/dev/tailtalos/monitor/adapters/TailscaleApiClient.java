package dev.tailtalos.monitor.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailtalos.monitor.domain.TailscaleDevice;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads devices from the Tailscale API v2: {@code GET {base}/api/v2/tailnet/{tailnet}/devices} with a bearer token.
 * Errors come back as {@code {"message": "..."}} with the HTTP status; the token never appears in messages.
 */
public class TailscaleApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final String tailnet;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TailscaleApiClient(URI base, String tailnet, String token) {
        this.base = base;
        this.tailnet = tailnet == null || tailnet.isBlank() ? "-" : tailnet;
        this.token = token;
    }

    /** The Tailscale API answered with an error (or not at all). */
    public static class TailscaleApiException extends IOException {
        public TailscaleApiException(String message) {
            super(message);
        }
    }

    public List<TailscaleDevice> devices() throws IOException, InterruptedException {
        String path = "/api/v2/tailnet/" + URLEncoder.encode(tailnet, StandardCharsets.UTF_8) + "/devices?fields=default";
        HttpRequest request = HttpRequest.newBuilder(base.resolve(base.getPath().replaceAll("/+$", "") + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(15)).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TailscaleApiException("Tailscale API at " + base + " unreachable: " + e.getClass().getSimpleName());
        }
        if (response.statusCode() != 200) {
            throw new TailscaleApiException("Tailscale API " + path + " answered " + response.statusCode() + ": "
                    + message(response.body()));
        }
        JsonNode devices = JSON.readTree(response.body()).path("devices");
        if (!devices.isArray()) {
            throw new TailscaleApiException("Tailscale API " + path + ": response has no 'devices' array");
        }
        List<TailscaleDevice> out = new ArrayList<>();
        for (JsonNode d : devices) {
            List<String> addresses = new ArrayList<>();
            d.path("addresses").forEach(a -> addresses.add(a.asText()));
            out.add(new TailscaleDevice(d.path("nodeId").asText(d.path("id").asText()), d.path("name").asText(),
                    d.path("hostname").asText(), addresses, d.path("connectedToControl").asBoolean(false),
                    instant(d.path("lastSeen")), d.path("authorized").asBoolean(true), instant(d.path("expires")),
                    d.path("keyExpiryDisabled").asBoolean(false)));
        }
        return out;
    }

    private static Instant instant(JsonNode n) {
        if (n.isMissingNode() || n.isNull() || n.asText().isBlank() || n.asText().startsWith("0001-01-01")) {
            return null;
        }
        return Instant.parse(n.asText());
    }

    private static String message(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.path("message").asText(body);
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
