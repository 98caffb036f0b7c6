package dev.tailtalos.common.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Wraps and unwraps sealing data keys with Vault (or OpenBao) transit: {@code POST <mount>/encrypt/<key>} and
 * {@code <mount>/decrypt/<key>}, the wrapped form being Vault's {@code vault:vN:…} ciphertext. Its key id
 * ({@code vault-transit:<mount>/<key>}) is the one secrets-service seals with, so the deployer can open those boxes
 * without depending on secrets-service. Token or AppRole auth (a 403 logs in again once); transit paths use engine
 * version 1; the driver's 4xx answers are checked by status. Errors name the call and Vault's messages, never a key.
 */
public final class VaultTransitWrapper implements KeyWrapper {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How to reach Vault; exactly one of {@code token} and an AppRole (role id + secret id). */
    public record Settings(String address, String token, String appRoleId, String appRoleSecretId, String transitMount,
                           String transitKey, int timeoutSeconds) {
        public Settings {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("tailtalos.vault.address is required for the vault-transit seal backend");
            }
            address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
            boolean appRole = appRoleId != null && !appRoleId.isBlank();
            if (!appRole && (token == null || token.isBlank())) {
                throw new IllegalArgumentException("Vault needs tailtalos.vault.token-file (or VAULT_TOKEN) or"
                        + " tailtalos.vault.approle.role-id and tailtalos.vault.approle.secret-id-file");
            }
            if (appRole && (appRoleSecretId == null || appRoleSecretId.isBlank())) {
                throw new IllegalArgumentException("tailtalos.vault.approle.secret-id-file is required with an AppRole role id");
            }
            transitMount = transitMount == null || transitMount.isBlank() ? "transit" : transitMount.replaceAll("^/+|/+$", "");
            transitKey = transitKey == null || transitKey.isBlank() ? "tailtalos-seal" : transitKey;
            timeoutSeconds = timeoutSeconds <= 0 ? 10 : timeoutSeconds;
        }

        boolean usesAppRole() {
            return appRoleId != null && !appRoleId.isBlank();
        }

        @Override
        public String toString() {
            return "Settings[address=" + address + ", auth=" + (usesAppRole() ? "approle" : "token") + ", transit="
                    + transitMount + "/" + transitKey + "]";
        }
    }

    /** A transit call Vault refused or could not answer; {@link #isTransient()} for 5xx, 412, 429 and network errors. */
    public static final class VaultTransitException extends RuntimeException {
        private final int status;

        VaultTransitException(String operation, int status, List<String> errors, Throwable cause) {
            super(operation + ": " + (status == 0 ? "Vault is unreachable or timed out" : "Vault answered HTTP " + status)
                    + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)), cause);
            this.status = status;
        }

        public int status() {
            return status;
        }

        public boolean isTransient() {
            return status == 0 || status == 412 || status == 429 || status >= 500;
        }
    }

    private final Settings settings;
    private volatile Vault client;

    public VaultTransitWrapper(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String keyId() {
        return "vault-transit:" + settings.transitMount() + "/" + settings.transitKey();
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        JsonNode data = call("encrypt", Map.of("plaintext", Base64.getEncoder().encodeToString(dataKey)));
        return data.path("ciphertext").asText().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] unwrap(byte[] wrappedDataKey) {
        JsonNode data = call("decrypt", Map.of("ciphertext", new String(wrappedDataKey, StandardCharsets.US_ASCII)));
        return Base64.getDecoder().decode(data.path("plaintext").asText());
    }

    private JsonNode call(String verb, Map<String, Object> body) {
        String path = settings.transitMount() + "/" + verb + "/" + settings.transitKey();
        String operation = "transit " + verb + " with " + settings.transitMount() + "/" + settings.transitKey();
        Answer answer = once(operation, path, body);
        if (answer.status() == 403 && settings.usesAppRole()) {
            client = null;
            answer = once(operation, path, body);
        }
        if (answer.status() != 200) {
            throw new VaultTransitException(operation, answer.status(), answer.errors(), null);
        }
        return answer.body().path("data");
    }

    private record Answer(int status, JsonNode body) {
        List<String> errors() {
            List<String> out = new ArrayList<>();
            body.path("errors").forEach(e -> out.add(e.asText()));
            return out;
        }
    }

    private Answer once(String operation, String path, Map<String, Object> body) {
        try {
            LogicalResponse response = client(operation).logical().write(path, body);
            byte[] bytes = response.getRestResponse().getBody();
            return new Answer(response.getRestResponse().getStatus(), parse(bytes));
        } catch (VaultException e) {
            if (e.getHttpStatusCode() > 0) {
                String message = e.getMessage() == null ? "" : e.getMessage();
                int at = message.indexOf("Response body: ");
                return new Answer(e.getHttpStatusCode(), at < 0 ? JSON.createObjectNode()
                        : parse(message.substring(at + "Response body: ".length()).getBytes(StandardCharsets.UTF_8)));
            }
            throw new VaultTransitException(operation, 0, List.of(rootCause(e)), e);
        }
    }

    private Vault client(String operation) {
        Vault c = client;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (client == null) {
                try {
                    String token = settings.token();
                    if (settings.usesAppRole()) {
                        token = Vault.create(config(null), 1).auth()
                                .loginByAppRole(settings.appRoleId(), settings.appRoleSecretId()).getAuthClientToken();
                    }
                    client = Vault.create(config(token), 1);
                } catch (VaultException e) {
                    throw new VaultTransitException(operation + " (AppRole login)", e.getHttpStatusCode(),
                            List.of(rootCause(e)), e);
                }
            }
            return client;
        }
    }

    private VaultConfig config(String token) throws VaultException {
        VaultConfig config = new VaultConfig()
                .environmentLoader(new EnvironmentLoader() {
                    @Override
                    public String loadVariable(String name) {
                        return null;
                    }
                })
                .address(settings.address())
                .openTimeout(settings.timeoutSeconds())
                .readTimeout(settings.timeoutSeconds());
        return (token == null ? config : config.token(token)).build();
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "VaultTransitWrapper[" + keyId() + "]";
    }
}
