package dev.tailtalos.secrets.adapters.vault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real OpenBao for contract tests: the one at {@code TAILTALOS_OPENBAO_ADDR} (token in the file
 * {@code TAILTALOS_OPENBAO_TOKEN_FILE}), or else {@code bao server -dev} started here on a free loopback port from
 * {@code BAO_BINARY} ({@code tools/get-bao.sh} fetches it). Its root token is read from the server's own output,
 * never passed on argv. Missing both is a failure, not a skip. Has KV v2 at {@code secret/}; transit is mounted.
 */
final class OpenBaoDevServer implements AutoCloseable {
    private static final Pattern ROOT_TOKEN = Pattern.compile("^Root Token: (\\S+)$");

    private final String address;
    private final String token;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OpenBaoDevServer(String address, String token, Process process) {
        this.address = address;
        this.token = token;
        this.process = process;
    }

    static OpenBaoDevServer startOrConnect() throws Exception {
        String given = System.getenv("TAILTALOS_OPENBAO_ADDR");
        if (given != null && !given.isBlank()) {
            String tokenFile = System.getenv("TAILTALOS_OPENBAO_TOKEN_FILE");
            if (tokenFile == null || tokenFile.isBlank()) {
                throw new IllegalStateException("TAILTALOS_OPENBAO_ADDR needs TAILTALOS_OPENBAO_TOKEN_FILE");
            }
            OpenBaoDevServer server = new OpenBaoDevServer(given.replaceAll("/+$", ""),
                    Files.readString(Path.of(tokenFile)).strip(), null);
            server.mountTransit();
            return server;
        }
        String binary = System.getenv().getOrDefault("BAO_BINARY", "bao");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process;
        try {
            process = new ProcessBuilder(binary, "server", "-dev", "-dev-listen-address=127.0.0.1:" + port,
                    "-dev-no-store-token").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start OpenBao '" + binary + "' (set BAO_BINARY; tools/get-bao.sh "
                    + "fetches the real binary): " + e.getMessage(), e);
        }
        CompletableFuture<String> rootToken = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = ROOT_TOKEN.matcher(line.strip());
                    if (m.matches()) {
                        rootToken.complete(m.group(1));
                    }
                }
                rootToken.completeExceptionally(new IllegalStateException("OpenBao exited before printing its token"));
            } catch (IOException e) {
                rootToken.completeExceptionally(e);
            }
        }, "openbao-dev-output");
        reader.setDaemon(true);
        reader.start();
        OpenBaoDevServer server = new OpenBaoDevServer("http://127.0.0.1:" + port,
                rootToken.get(60, TimeUnit.SECONDS), process);
        server.mountTransit();
        return server;
    }

    String address() {
        return address;
    }

    String token() {
        return token;
    }

    /** One Vault HTTP API call as the root token; answers the status and body. */
    HttpResponse<String> call(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address + "/v1/" + path))
                .timeout(Duration.ofSeconds(30)).header("X-Vault-Token", token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void mountTransit() throws IOException, InterruptedException {
        HttpResponse<String> mounts = call("GET", "sys/mounts", null);
        if (mounts.statusCode() != 200) {
            throw new IllegalStateException("OpenBao at " + address + " answered sys/mounts with " + mounts.statusCode());
        }
        if (!mounts.body().contains("\"transit/\"")) {
            HttpResponse<String> mounted = call("POST", "sys/mounts/transit", "{\"type\":\"transit\"}");
            if (mounted.statusCode() / 100 != 2) {
                throw new IllegalStateException("cannot mount transit: " + mounted.statusCode() + " " + mounted.body());
            }
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
