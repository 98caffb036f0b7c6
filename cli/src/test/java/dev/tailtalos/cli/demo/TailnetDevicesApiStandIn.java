package dev.tailtalos.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tailtalos.sim.TailnetDevice;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Tailscale API v2 device list ({@code GET /api/v2/tailnet/{tailnet}/devices}, bearer or basic-username token) on
 * 127.0.0.1, listing the devices the node simulator's in-process tailnet has registered with the documented field
 * names: {@code addresses} holds the 100.x address, {@code name} the MagicDNS name. Errors are
 * {@code {"message": "..."}} with the HTTP status, as the API answers them.
 */
final class TailnetDevicesApiStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final String token;
    private final String tailnetDomain;
    private final Supplier<Collection<TailnetDevice>> devices;

    TailnetDevicesApiStandIn(String token, String tailnetDomain, Supplier<Collection<TailnetDevice>> devices)
            throws IOException {
        this.token = token;
        this.tailnetDomain = tailnetDomain;
        this.devices = devices;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v2/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String magicDnsName(String hostname) {
        return hostname + "." + tailnetDomain;
    }

    private Map<String, Object> json(TailnetDevice device) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("addresses", List.of(device.tailscaleAddress()));
        d.put("id", Long.toString(Math.abs((long) device.nodeId().hashCode())));
        d.put("nodeId", device.nodeId());
        d.put("user", "tagged-devices");
        d.put("name", magicDnsName(device.hostname()));
        d.put("hostname", device.hostname());
        d.put("clientVersion", "1.84.3-TalosLinux");
        d.put("updateAvailable", false);
        d.put("os", "linux");
        d.put("created", "2026-11-01T10:00:00Z");
        d.put("connectedToControl", true);
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
            boolean ok = auth != null && (auth.equals("Bearer " + token) || auth.startsWith("Basic ")
                    && new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8)
                    .equals(token + ":"));
            if (!ok) {
                reply(exchange, 401, Map.of("message", "API token invalid"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET") || !path.matches("/api/v2/tailnet/[^/]+/devices")) {
                reply(exchange, 404, Map.of("message", "not found"));
                return;
            }
            List<Map<String, Object>> listed = new ArrayList<>();
            devices.get().forEach(d -> listed.add(json(d)));
            reply(exchange, 200, Map.of("devices", listed));
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
