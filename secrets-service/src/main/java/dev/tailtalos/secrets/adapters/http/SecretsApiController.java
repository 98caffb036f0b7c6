package dev.tailtalos.secrets.adapters.http;

import dev.tailtalos.common.web.BearerToken;

import dev.tailtalos.common.crypto.SecretHmac;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.authkeys.AuthKeyLifecycle;
import dev.tailtalos.secrets.domain.authkeys.LifecycleEvents;
import dev.tailtalos.secrets.domain.authkeys.TailscaleKeys;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The secrets HTTP API (bearer token): import a secret, list secrets, mint and rotate auth keys, key status.
 * Values go in, never out: answers carry paths, field names, versions, key ids, expiries and HMACs.
 */
@RestController
@RequestMapping("/api/v1")
public class SecretsApiController {
    private final Custody custody;
    private final AuthKeyLifecycle lifecycle;
    private final LifecycleEvents events;
    private final SecretHmac hmac;
    private final BearerToken token;

    public SecretsApiController(Custody custody, AuthKeyLifecycle lifecycle, LifecycleEvents events, SecretHmac hmac,
                                BearerToken token) {
        this.custody = custody;
        this.lifecycle = lifecycle;
        this.events = events;
        this.hmac = hmac;
        this.token = token;
    }

    /** {"path": "tailscale/oauth-client", "fields": {"client_id": "…", "client_secret": "…"}, "expected_version": 3,
     * "expires": "2027-01-01T00:00:00Z"}. An auth key at a managed path goes through the lifecycle (shape check). */
    public record ImportRequest(String path, Map<String, String> fields, Long expected_version, String expires) {
        @Override
        public String toString() {
            return "ImportRequest[path=" + path + ", fields=" + (fields == null ? "[]" : fields.keySet()) + "]";
        }
    }

    public record KeyRequest(String path, String reason) {
    }

    @PostMapping("/secrets/import")
    public ResponseEntity<Map<String, Object>> importSecret(@RequestHeader(value = "Authorization", required = false) String auth,
                                                            @RequestBody ImportRequest request) {
        authorize(auth);
        if (request.path() == null || request.fields() == null || request.fields().isEmpty()) {
            throw new IllegalArgumentException("import needs \"path\" and at least one entry in \"fields\"");
        }
        long version;
        if (lifecycle.policy().managedPaths().contains(request.path()) && request.fields().keySet().equals(
                java.util.Set.of(AuthKeyLifecycle.VALUE))) {
            version = lifecycle.importKey(request.path(), request.fields().get(AuthKeyLifecycle.VALUE),
                    parseInstant(request.expires())).version();
        } else {
            long expected = request.expected_version() != null ? request.expected_version()
                    : custody.currentVersion(request.path());
            version = custody.writeIfVersion(request.path(), request.fields(), expected);
            Map<String, String> secrets = new TreeMap<>();
            request.fields().forEach((f, v) -> secrets.put(request.path() + "#" + f, v));
            events.audit("secret.import", request.path(), "IMPORTED", Map.of("version", Long.toString(version),
                    "fields", String.join(",", new TreeMap<>(request.fields()).keySet())), secrets);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", request.path());
        out.put("version", version);
        out.put("fields", List.copyOf(new TreeMap<>(request.fields()).keySet()));
        Map<String, String> hmacs = new TreeMap<>();
        request.fields().forEach((f, v) -> hmacs.put(f, hmac.of(v)));
        out.put("hmacs", hmacs);
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    @GetMapping("/secrets")
    public List<Custody.SecretListing> list(@RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth);
        return custody.list();
    }

    @PostMapping("/authkeys/mint")
    public AuthKeyLifecycle.KeyStatus mint(@RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestBody KeyRequest request) {
        authorize(auth);
        return lifecycle.mint(pathOf(request));
    }

    @PostMapping("/authkeys/rotate")
    public AuthKeyLifecycle.KeyStatus rotate(@RequestHeader(value = "Authorization", required = false) String auth,
                                             @RequestBody KeyRequest request) {
        authorize(auth);
        return lifecycle.rotate(pathOf(request), request.reason() == null || request.reason().isBlank()
                ? "requested through the secrets API" : request.reason());
    }

    @GetMapping("/authkeys")
    public List<AuthKeyLifecycle.KeyStatus> keys(@RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth);
        List<AuthKeyLifecycle.KeyStatus> out = new ArrayList<>();
        lifecycle.policy().managedPaths().forEach(p -> lifecycle.status(p).ifPresent(out::add));
        return out;
    }

    private String pathOf(KeyRequest request) {
        return request == null || request.path() == null || request.path().isBlank()
                ? lifecycle.policy().managedPaths().get(0) : request.path();
    }

    private void authorize(String auth) {
        if (!token.accepts(auth)) {
            throw new Unauthorized();
        }
    }

    private static Instant parseInstant(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expires must be an RFC 3339 UTC time like 2027-01-01T00:00:00Z");
        }
    }

    static final class Unauthorized extends RuntimeException {
    }

    @ExceptionHandler(Unauthorized.class)
    ResponseEntity<Map<String, String>> unauthorized() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "missing or wrong bearer token"));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    /** The parser's own message may quote the body (values included), so it is not passed on. */
    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable() {
        return ResponseEntity.badRequest().body(Map.of("error", "request body is not valid JSON of the expected shape: "
                + "{\"path\": \"…\", \"fields\": {\"name\": \"value\", …}, \"expected_version\"?, \"expires\"?} for "
                + "imports, {\"path\": \"…\", \"reason\": \"…\"} for mint and rotate"));
    }

    @ExceptionHandler(Custody.CasConflictException.class)
    ResponseEntity<Map<String, String>> conflict(Custody.CasConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(AuthKeyLifecycle.RotationImpossibleException.class)
    ResponseEntity<Map<String, String>> impossible(RuntimeException e) {
        return ResponseEntity.unprocessableContent().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler({Custody.CustodyUnavailableException.class, TailscaleKeys.TailscaleApiException.class})
    ResponseEntity<Map<String, String>> unavailable(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", e.getMessage()));
    }
}
