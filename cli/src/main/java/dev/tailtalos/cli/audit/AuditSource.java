package dev.tailtalos.cli.audit;

import dev.tailtalos.common.audit.AuditExport;
import dev.tailtalos.common.audit.AuditLogReader;
import dev.tailtalos.common.audit.AuditQuery;
import dev.tailtalos.common.web.TokenFile;
import dev.tailtalos.proto.events.v1.AuditRecord;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import dev.tailtalos.cli.CliHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where audit records come from: the monitor's JSON API (default) or the Kafka audit topic itself. */
public class AuditSource {
    public static final String DEFAULT_MONITOR = "http://127.0.0.1:8087";

    @Option(names = "--monitor", description = "Monitor base URL (default ${DEFAULT-VALUE}; env TAILTALOS_MONITOR_URL).",
            defaultValue = "${env:TAILTALOS_MONITOR_URL:-" + DEFAULT_MONITOR + "}")
    String monitor;

    @Option(names = "--bootstrap-servers", description = "Read tailtalos.audit.v1 from these Kafka brokers instead of "
            + "asking the monitor.")
    String bootstrapServers;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the monitor's read token (or its "
            + "write token) for the audit API (default: $TAILTALOS_MONITOR_TOKEN_FILE).")
    Path tokenFile = System.getenv("TAILTALOS_MONITOR_TOKEN_FILE") == null ? null
            : Path.of(System.getenv("TAILTALOS_MONITOR_TOKEN_FILE"));


    boolean fromKafka() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    String describe() {
        return fromKafka() ? "Kafka at " + bootstrapServers : "monitor at " + monitor;
    }

    /** Matching records in arrival order (Kafka: partition by partition), the last {@code limit} of them. */
    List<AuditRecord> search(AuditQuery query, int limit) throws IOException, InterruptedException {
        if (fromKafka()) {
            List<AuditRecord> matches = AuditLogReader.readAll(bootstrapServers).stream().filter(query).toList();
            return matches.subList(Math.max(0, matches.size() - limit), matches.size());
        }
        Map<String, String> params = new LinkedHashMap<>();
        put(params, "rollout", query.rolloutId());
        put(params, "node", query.nodeId());
        put(params, "actor", query.actor());
        put(params, "action", query.action());
        put(params, "producer", query.producer());
        put(params, "from", query.from() == null ? null : query.from().toString());
        put(params, "to", query.to() == null ? null : query.to().toString());
        params.put("limit", Integer.toString(limit));
        return records(getString("/api/v1/audit/records.jsonl", params).body());
    }

    /** The monitor's tail: records from an arrival position, and the position to ask from next. */
    record Tail(List<AuditRecord> records, int next) {
    }

    Tail tail(int from, int limit) throws IOException, InterruptedException {
        HttpResponse<String> r = getString("/api/v1/audit/tail.jsonl", Map.of("from", Integer.toString(from),
                "limit", Integer.toString(limit)));
        int next = Integer.parseInt(r.headers().firstValue("X-Next-Position").orElseThrow(() ->
                new IOException(monitor + " did not send X-Next-Position: is it a tailtalos monitor?")));
        return new Tail(records(r.body()), next);
    }

    List<AuditRecord> all() throws IOException, InterruptedException {
        return fromKafka() ? AuditLogReader.readAll(bootstrapServers) : null;
    }

    /** The monitor's export file, byte for byte. */
    InputStream export() throws IOException, InterruptedException {
        HttpResponse<InputStream> r = CliHttp.client().send(request("/api/v1/audit/export", Map.of()),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            String body = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
            throw new IOException(monitor + "/api/v1/audit/export answered " + r.statusCode() + ": " + body
                    + hint(r.statusCode()));
        }
        return r.body();
    }

    private HttpResponse<String> getString(String path, Map<String, String> params) throws IOException,
            InterruptedException {
        HttpResponse<String> r;
        try {
            r = CliHttp.client().send(request(path, params), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot reach the monitor at " + monitor + " (start it, pass --monitor URL, or read "
                    + "Kafka directly with --bootstrap-servers)", e);
        }
        if (r.statusCode() != 200) {
            throw new IOException(monitor + path + " answered " + r.statusCode() + ": " + r.body() + hint(r.statusCode()));
        }
        return r;
    }

    private HttpRequest request(String path, Map<String, String> params) throws IOException {
        StringBuilder uri = new StringBuilder(monitor.replaceAll("/+$", "")).append(path);
        String sep = "?";
        for (Map.Entry<String, String> p : params.entrySet()) {
            uri.append(sep).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(60)).GET();
        if (tokenFile != null) {
            try {
                request.header("Authorization", TokenFile.read(tokenFile).header());
            } catch (RuntimeException e) {
                throw new IOException("--token-file: " + e.getMessage());
            }
        }
        return request.build();
    }

    private String hint(int status) {
        if (status != 401) {
            return "";
        }
        return tokenFile == null ? " (the audit API needs the monitor's read token: pass --token-file FILE or set "
                + "TAILTALOS_MONITOR_TOKEN_FILE)" : " (is " + tokenFile + " this monitor's read token file?)";
    }

    private static void put(Map<String, String> params, String key, String value) {
        if (value != null) {
            params.put(key, value);
        }
    }

    private static List<AuditRecord> records(String jsonLines) throws IOException {
        List<AuditRecord> out = new ArrayList<>();
        int n = 0;
        for (String line : jsonLines.split("\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            AuditExport.Line parsed = AuditExport.parse(n, line);
            if (!parsed.isRecord()) {
                throw new IOException("the monitor sent something that is not an audit record at line " + n + ": "
                        + parsed.error());
            }
            out.add(parsed.record());
        }
        return out;
    }
}
