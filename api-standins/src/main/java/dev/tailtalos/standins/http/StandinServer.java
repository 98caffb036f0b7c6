package dev.tailtalos.standins.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK HttpServer on 127.0.0.1 with an ephemeral port and fault injection shared by the stand-ins:
 * down (connections are closed without a response), queued error statuses, and a delay before every answer.
 */
public abstract class StandinServer implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "standin-http");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Integer> queuedFailures = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean down;
    private volatile Duration delay = Duration.ZERO;

    protected StandinServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** The base address, e.g. {@code http://127.0.0.1:41234}. */
    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int requestCount() {
        return requests.get();
    }

    /** While down, every connection is closed without an answer (like a stopped server behind a proxy). */
    public void setDown(boolean down) {
        this.down = down;
    }

    /** The next {@code times} requests are answered with {@code status} and the API's error body. */
    public synchronized void failNext(int times, int status) {
        for (int i = 0; i < times; i++) {
            queuedFailures.add(status);
        }
    }

    public void setDelay(Duration delay) {
        this.delay = delay;
    }

    private synchronized Integer nextFailure() {
        return queuedFailures.poll();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try {
            if (down) {
                exchange.close();
                return;
            }
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Integer failure = nextFailure();
            if (failure != null) {
                Response r = injectedFailure(failure);
                send(exchange, r);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            Response r;
            try {
                r = handle(new Request(exchange.getRequestMethod(), exchange.getRequestURI(),
                        exchange.getRequestHeaders().getFirst("Authorization"), exchange, body));
            } catch (RuntimeException e) {
                r = internalError(e);
            }
            send(exchange, r);
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, Response r) throws IOException {
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (r.body() == null) {
            exchange.sendResponseHeaders(r.status(), -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(r.body());
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(r.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    protected abstract Response handle(Request request);

    /** The body this API sends with an injected error status. */
    protected abstract Response injectedFailure(int status);

    protected abstract Response internalError(RuntimeException e);

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    public record Request(String method, URI uri, String authorization, HttpExchange exchange, byte[] body) {
        public String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        public JsonNode json() {
            if (body.length == 0) {
                return JSON.createObjectNode();
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new BadRequest("failed to parse JSON input: " + e.getMessage());
            }
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String query(String name) {
            String q = uri.getRawQuery();
            if (q == null) {
                return null;
            }
            for (String part : q.split("&")) {
                int eq = part.indexOf('=');
                String k = eq < 0 ? part : part.substring(0, eq);
                if (k.equals(name)) {
                    return eq < 0 ? "" : java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    public record Response(int status, Object body, java.util.Map<String, String> headers) {
        public static Response of(int status, Object body) {
            return new Response(status, body, java.util.Map.of());
        }

        public static Response noContent() {
            return new Response(204, null, java.util.Map.of());
        }
    }

    public static class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }

    protected static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
