package dev.tailtalos.common.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailtalos.common.crypto.VaultTransitWrapper.Settings;
import dev.tailtalos.common.crypto.VaultTransitWrapper.VaultTransitException;
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
 * Transit calls through a Vault client of its own (vault-java-driver, engine version 1). Token or AppRole auth (a 403
 * logs in again once); the driver's 4xx answers are checked by status. Errors name the call and Vault's messages.
 */
final class VaultDriverTransit implements VaultTransitWrapper.Transit {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private volatile Vault client;

    VaultDriverTransit(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String transitEncrypt(String mount, String key, byte[] plaintext) {
        JsonNode data = call(mount, key, "encrypt", Map.of("plaintext", Base64.getEncoder().encodeToString(plaintext)));
        return data.path("ciphertext").asText();
    }

    @Override
    public byte[] transitDecrypt(String mount, String key, String ciphertext) {
        JsonNode data = call(mount, key, "decrypt", Map.of("ciphertext", ciphertext));
        return Base64.getDecoder().decode(data.path("plaintext").asText());
    }

    private JsonNode call(String mount, String key, String verb, Map<String, Object> body) {
        String path = mount + "/" + verb + "/" + key;
        String operation = "transit " + verb + " with " + mount + "/" + key;
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
}
