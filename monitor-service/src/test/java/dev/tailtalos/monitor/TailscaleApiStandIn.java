package dev.tailtalos.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The slice of the Tailscale API v2 the monitor reads, on 127.0.0.1: {@code GET /api/v2/tailnet/{tailnet}/devices}
 * with bearer (or basic-username) token auth, answering {@code {"devices":[...]}} with the documented field names, and
 * errors as {@code {"message": "..."}} with the status.
 */
final class TailscaleApiStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final String token;
    final List<Map<String, Object>> devices = new CopyOnWriteArrayList<>();

    TailscaleApiStandIn(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v2/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static Map<String, Object> device(String hostname, String tailnet, List<String> addresses, boolean connected,
                                      String lastSeen) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("addresses", addresses);
        d.put("id", Long.toString(Math.abs((long) hostname.hashCode())));
        d.put("nodeId", "n" + Integer.toHexString(hostname.hashCode()) + "CNTRL");
        d.put("user", "tagged-devices");
        d.put("name", hostname + "." + tailnet);
        d.put("hostname", hostname);
        d.put("clientVersion", "1.98.9-TalosLinux");
        d.put("updateAvailable", false);
        d.put("os", "linux");
        d.put("created", "2026-10-01T10:00:00Z");
        d.put("lastSeen", lastSeen);
        d.put("connectedToControl", connected);
        d.put("keyExpiryDisabled", true);
        d.put("expires", "0001-01-01T00:00:00Z");
        d.put("authorized", true);
        d.put("isExternal", false);
        d.put("tags", List.of("tag:k8s-node"));
        return d;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !(auth.equals("Bearer " + token) || auth.startsWith("Basic ") && new String(
                    java.util.Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).equals(token + ":"))) {
                reply(exchange, 401, Map.of("message", "API token invalid"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET") || !path.matches("/api/v2/tailnet/[^/]+/devices")) {
                reply(exchange, 404, Map.of("message", "not found"));
                return;
            }
            reply(exchange, 200, Map.of("devices", new ArrayList<>(devices)));
        }
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
