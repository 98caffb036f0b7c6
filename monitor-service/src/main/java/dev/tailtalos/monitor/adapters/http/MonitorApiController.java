package dev.tailtalos.monitor.adapters.http;

import dev.tailtalos.common.audit.AuditChainVerifier;
import dev.tailtalos.common.audit.AuditExport;
import dev.tailtalos.common.audit.AuditJson;
import dev.tailtalos.common.audit.AuditQuery;
import dev.tailtalos.monitor.domain.AuditKeeper;
import dev.tailtalos.monitor.domain.NodeBoard;
import dev.tailtalos.monitor.domain.RolloutBoard;
import dev.tailtalos.proto.events.v1.AuditRecord;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** The monitor's read API: audit search, tail, chain status and export; rollouts with node timelines; node health. */
@RestController
@RequestMapping("/api/v1")
public class MonitorApiController {
    static final int MAX_LIMIT = 10_000;
    private final AuditKeeper audit;
    private final RolloutBoard rollouts;
    private final NodeBoard nodes;
    private final Clock clock;

    public MonitorApiController(AuditKeeper audit, RolloutBoard rollouts, NodeBoard nodes, Clock clock) {
        this.audit = audit;
        this.rollouts = rollouts;
        this.nodes = nodes;
        this.clock = clock;
    }

    public record AuditPage(int total, int returned, List<AuditView> records) {
    }

    public record TailPage(int next, List<AuditView> records) {
    }

    public record ChainView(String producer, long records, boolean intact, String firstProblem, long brokenAtSequence,
                            long brokenAtPosition, AuditView brokenRecord) {
    }

    public record ChainsView(long records, boolean intact, List<ChainView> chains) {
    }

    @GetMapping("/audit/records")
    public AuditPage search(@RequestParam(required = false) String rollout, @RequestParam(required = false) String node,
                            @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                            @RequestParam(required = false) String producer, @RequestParam(required = false) String from,
                            @RequestParam(required = false) String to,
                            @RequestParam(defaultValue = "500") int limit) {
        AuditQuery query = query(rollout, node, actor, action, producer, from, to);
        List<AuditRecord> matches = audit.search(query);
        List<AuditRecord> page = audit.search(query, limit(limit));
        return new AuditPage(matches.size(), page.size(), page.stream().map(AuditView::of).toList());
    }

    /** The same search as JSON Lines of protobuf JSON records, for the CLI. */
    @GetMapping(value = "/audit/records.jsonl", produces = "application/x-ndjson")
    public String searchJsonLines(@RequestParam(required = false) String rollout,
                                  @RequestParam(required = false) String node,
                                  @RequestParam(required = false) String actor,
                                  @RequestParam(required = false) String action,
                                  @RequestParam(required = false) String producer,
                                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                  @RequestParam(defaultValue = "500") int limit) {
        return jsonLines(audit.search(query(rollout, node, actor, action, producer, from, to), limit(limit)));
    }

    /** Records from arrival position {@code from}; the response's X-Next-Position header is where to ask next. */
    @GetMapping(value = "/audit/tail.jsonl", produces = "application/x-ndjson")
    public ResponseEntity<String> tail(@RequestParam(defaultValue = "0") int from,
                                       @RequestParam(defaultValue = "1000") int limit) {
        List<AuditRecord> records = audit.since(from, limit(limit));
        int next = Math.max(0, Math.min(from, audit.size())) + records.size();
        return ResponseEntity.ok().header("X-Next-Position", Integer.toString(next)).body(jsonLines(records));
    }

    @GetMapping("/audit/tail")
    public TailPage tailJson(@RequestParam(defaultValue = "0") int from, @RequestParam(defaultValue = "1000") int limit) {
        List<AuditRecord> records = audit.since(from, limit(limit));
        int next = Math.max(0, Math.min(from, audit.size())) + records.size();
        return new TailPage(next, records.stream().map(AuditView::of).toList());
    }

    @GetMapping("/audit/chains")
    public ChainsView chains() {
        List<AuditRecord> all = audit.all();
        AuditChainVerifier.Result result = AuditChainVerifier.verify(all);
        return new ChainsView(result.records(), result.allIntact(), result.chains().stream().map(c -> new ChainView(
                c.producer(), c.records(), c.intact(), c.firstProblem(), c.brokenAtSequence(), c.brokenAtPosition(),
                c.brokenAtPosition() >= 0 ? AuditView.of(all.get((int) c.brokenAtPosition())) : null)).toList());
    }

    /** The whole store as an export file ({@link AuditExport}: canonical order, closing checkpoint). */
    @GetMapping(value = "/audit/export", produces = "application/x-ndjson")
    public ResponseEntity<StreamingResponseBody> export() {
        List<AuditRecord> all = audit.all();
        Instant now = clock.instant();
        StreamingResponseBody body = out -> AuditExport.write(all, new OutputStreamWriter(out, StandardCharsets.UTF_8), now);
        return ResponseEntity.ok().header("Content-Disposition", "attachment; filename=\"tailtalos-audit.jsonl\"")
                .body(body);
    }

    @GetMapping("/rollouts")
    public List<RolloutBoard.RolloutView> rollouts() {
        return rollouts.rollouts();
    }

    @GetMapping("/rollouts/{id}")
    public ResponseEntity<?> rollout(@PathVariable String id) {
        return rollouts.rollout(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() ->
                ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no rollout " + id)));
    }

    @GetMapping("/nodes")
    public List<NodeBoard.NodeView> nodes() {
        return nodes.nodes();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(Map.of("error", e.getMessage()));
    }

    static AuditQuery query(String rollout, String node, String actor, String action, String producer, String from,
                            String to) {
        return new AuditQuery(rollout, node, actor, action, producer, instant("from", from), instant("to", to));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("parameter '" + name + "': not an ISO-8601 instant (e.g. "
                    + "2026-11-02T10:00:00Z): " + value);
        }
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("parameter 'limit' must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }

    private static String jsonLines(List<AuditRecord> records) {
        StringBuilder b = new StringBuilder();
        records.forEach(r -> b.append(AuditJson.toJson(r)).append('\n'));
        return b.toString();
    }
}
