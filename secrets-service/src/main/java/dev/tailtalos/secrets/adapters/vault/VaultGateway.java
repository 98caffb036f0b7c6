package dev.tailtalos.secrets.adapters.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tailtalos.common.crypto.KeyWrapper;
import dev.tailtalos.common.crypto.VaultTransitWrapper;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Every Vault call of tailtalos, through io.github.jopenlibs:vault-java-driver, inside a resilience4j retry (exponential
 * backoff, transient failures only) and circuit breaker. The driver's traps are handled here: KV v2 calls go through a
 * client with engine version 2 (path rewriting to data/ and metadata/, the data/options body), transit and raw paths
 * through a second client with engine version 1, and 4xx answers (which the driver returns instead of throwing) are
 * checked by status. With AppRole, a 403 triggers one fresh login before the call is retried.
 */
public final class VaultGateway implements VaultTransitWrapper.Transit {
    private static final Logger log = LoggerFactory.getLogger(VaultGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VaultSettings settings;
    private final Retry retry;
    private final CircuitBreaker breaker;
    /** What made the breaker open: a fail-fast error names it ("sealed" stays "sealed"), not just the breaker. */
    private final AtomicReference<VaultCallException> lastFailure = new AtomicReference<>();
    private volatile Vault kv;
    private volatile Vault raw;

    /** A Vault answer: status and body (a missing node for 204). */
    public record Answer(int status, JsonNode body) {
        public JsonNode data() {
            return body.path("data");
        }

        public List<String> errors() {
            List<String> out = new ArrayList<>();
            body.path("errors").forEach(e -> out.add(e.asText()));
            return out;
        }
    }

    @FunctionalInterface
    interface DriverCall {
        LogicalResponse call(Vault kv, Vault raw) throws VaultException;
    }

    public VaultGateway(VaultSettings settings) {
        this.settings = settings;
        VaultSettings.Resilience r = settings.resilience();
        this.retry = Retry.of("vault", RetryConfig.custom()
                .maxAttempts(r.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(r.initialBackoff(), r.backoffMultiplier()))
                .retryOnException(e -> e instanceof VaultCallException v && v.isTransient())
                .build());
        this.breaker = CircuitBreaker.of("vault", CircuitBreakerConfig.custom()
                .slidingWindowSize(r.breakerWindow())
                .minimumNumberOfCalls(r.breakerMinimumCalls())
                .failureRateThreshold(r.breakerFailureRate())
                .waitDurationInOpenState(r.breakerOpenFor())
                .recordException(e -> e instanceof VaultCallException v && v.isTransient())
                .build());
        breaker.getEventPublisher().onStateTransition(e ->
                log.warn("Vault circuit breaker: {}", e.getStateTransition()));
    }

    public VaultSettings settings() {
        return settings;
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    // ---------------------------------------------------------------- KV v2

    /** GET {mount}/data/{path}[?version=]; 404 covers missing, deleted and destroyed versions. */
    public Answer kvRead(String kvPath, Long version) {
        return call("read " + kvPath, (kv, raw) -> version == null ? kv.logical().read(kvPath)
                : kv.logical().read(kvPath, false, version.intValue()));
    }

    /** POST {mount}/data/{path} with {"data":…,"options":{"cas":N}} when cas is given. */
    public Answer kvWrite(String kvPath, Map<String, String> fields, Long cas) {
        Map<String, Object> data = new java.util.LinkedHashMap<>(fields);
        return call("write " + kvPath, (kv, raw) -> cas == null ? kv.logical().write(kvPath, data)
                : kv.logical().write(kvPath, data, null, new WriteOptions().checkAndSet(cas).build()));
    }

    /** GET {mount}/metadata/{path}. */
    public Answer kvMetadata(String mount, String path) {
        return call("read metadata " + mount + "/" + path, (kv, raw) -> raw.logical().read(mount + "/metadata/" + path));
    }

    /** LIST {mount}/metadata/{prefix}: the keys (folders end in /); empty when Vault answers 404. */
    public List<String> kvList(String mount, String prefix) {
        Answer a = call("list " + mount + "/" + prefix, (kv, raw) -> kv.logical().list(mount + (prefix.isEmpty() ? "" : "/" + prefix)));
        List<String> keys = new ArrayList<>();
        if (a.status() == 200) {
            a.data().path("keys").forEach(k -> keys.add(k.asText()));
        }
        return keys;
    }

    /** POST {mount}/delete/{path} {"versions":[…]} (soft delete). */
    public void kvDeleteVersions(String kvPath, int... versions) {
        call("delete " + kvPath, (kv, raw) -> kv.logical().delete(kvPath, versions));
    }

    // ---------------------------------------------------------------- transit

    /** Sealing data keys wrapped with this service's transit key ({@code vault-transit:<mount>/<key>}), through here. */
    public KeyWrapper sealKeyWrapper() {
        return new VaultTransitWrapper(this, settings.transitMount(), settings.transitKey());
    }

    @Override
    public String transitEncrypt(String mount, String key, byte[] plaintext) {
        Answer a = call("transit encrypt with " + mount + "/" + key, (kv, raw) -> raw.logical().write(
                mount + "/encrypt/" + key, Map.of("plaintext", Base64.getEncoder().encodeToString(plaintext))));
        requireOk(a, "transit encrypt with " + mount + "/" + key);
        return a.data().path("ciphertext").asText();
    }

    @Override
    public byte[] transitDecrypt(String mount, String key, String ciphertext) {
        Answer a = call("transit decrypt with " + mount + "/" + key, (kv, raw) -> raw.logical().write(
                mount + "/decrypt/" + key, Map.of("ciphertext", ciphertext)));
        requireOk(a, "transit decrypt with " + mount + "/" + key);
        return Base64.getDecoder().decode(a.data().path("plaintext").asText());
    }

    /** GET auth/token/lookup-self: checks that the token works (policies, ttl), without printing it. */
    public JsonNode lookupSelf() {
        return withResilience("token lookup-self", () -> {
            try {
                return JSON.readTree(clients()[1].auth().lookupSelf().getRestResponse().getBody()).path("data");
            } catch (VaultException e) {
                throw fromException("token lookup-self", e);
            } catch (IOException e) {
                throw new VaultCallException("token lookup-self", 0, List.of("unreadable answer"), e);
            }
        });
    }

    // ---------------------------------------------------------------- plumbing

    static void requireOk(Answer a, String operation) {
        if (a.status() != 200) {
            throw new VaultCallException(operation, a.status(), a.errors(), null);
        }
    }

    private Answer call(String operation, DriverCall driverCall) {
        return withResilience(operation, () -> {
            Answer a = once(operation, driverCall);
            if (a.status() == 403 && settings.usesAppRole()) {
                log.info("Vault answered 403 to {}; logging in again with AppRole", operation);
                reconnect();
                a = once(operation, driverCall);
            }
            if (a.status() == 403 || VaultCallException.isTransientStatus(a.status())) {
                throw new VaultCallException(operation, a.status(), a.errors(), null);
            }
            return a;
        });
    }

    private <T> T withResilience(String operation, Supplier<T> supplier) {
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, supplier)).get();
        } catch (CallNotPermittedException e) {
            VaultCallException last = lastFailure.get();
            throw new VaultCallException(operation, last == null ? 0 : last.status(), List.of(
                    "circuit breaker open after repeated failures"
                            + (last == null ? "" : ", the last one: " + last.getMessage())
                            + "; calls resume after " + settings.resilience().breakerOpenFor().toSeconds() + "s"), e);
        } catch (VaultCallException e) {
            if (e.isTransient()) {
                lastFailure.set(e);
            }
            throw e;
        }
    }

    private Answer once(String operation, DriverCall driverCall) {
        Vault[] c = clients();
        try {
            LogicalResponse response = driverCall.call(c[0], c[1]);
            if (response == null) {
                return new Answer(404, MissingNode.getInstance());
            }
            int status = response.getRestResponse().getStatus();
            byte[] body = response.getRestResponse().getBody();
            JsonNode json = body == null || body.length == 0 ? MissingNode.getInstance() : parse(body);
            return new Answer(status, json);
        } catch (VaultException e) {
            if (e.getHttpStatusCode() >= 400 && e.getHttpStatusCode() < 500
                    && !VaultCallException.isTransientStatus(e.getHttpStatusCode())) {
                return new Answer(e.getHttpStatusCode(), errorsFromMessage(e.getMessage()));
            }
            throw fromException(operation, e);
        }
    }

    private VaultCallException fromException(String operation, VaultException e) {
        JsonNode errors = errorsFromMessage(e.getMessage());
        List<String> messages = new ArrayList<>();
        errors.path("errors").forEach(m -> messages.add(m.asText()));
        if (e.getHttpStatusCode() == 0 && messages.isEmpty()) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            messages.add(root.getClass().getSimpleName());
        }
        return new VaultCallException(operation, e.getHttpStatusCode(), messages, e);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** The driver puts the body of a failed call into the exception message after "Response body: ". */
    private static JsonNode errorsFromMessage(String message) {
        if (message == null) {
            return MissingNode.getInstance();
        }
        int at = message.indexOf("Response body: ");
        return at < 0 ? MissingNode.getInstance()
                : parse(message.substring(at + "Response body: ".length()).getBytes(StandardCharsets.UTF_8));
    }

    private Vault[] clients() {
        Vault k = kv;
        Vault r = raw;
        if (k == null || r == null) {
            reconnect();
            k = kv;
            r = raw;
        }
        return new Vault[]{k, r};
    }

    private synchronized void reconnect() {
        try {
            String token = settings.token();
            if (settings.usesAppRole()) {
                Vault login = Vault.create(config(null), 1);
                token = login.auth().loginByAppRole(settings.appRoleId(), settings.appRoleSecretId()).getAuthClientToken();
            }
            kv = Vault.create(config(token), 2);
            raw = Vault.create(config(token), 1);
        } catch (VaultException e) {
            throw fromException(settings.usesAppRole() ? "AppRole login" : "Vault client setup", e);
        }
    }

    private VaultConfig config(String token) throws VaultException {
        VaultConfig c = new VaultConfig()
                .environmentLoader(new io.github.jopenlibs.vault.EnvironmentLoader() {
                    @Override
                    public String loadVariable(String name) {
                        return null;
                    }
                })
                .address(settings.address())
                .openTimeout((int) Math.max(1, settings.openTimeout().toSeconds()))
                .readTimeout((int) Math.max(1, settings.readTimeout().toSeconds()));
        if (token != null) {
            c = c.token(token);
        }
        return c.build();
    }
}
