package dev.tailtalos.standins.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The stand-in answers like Vault's documented HTTP API, including its error shapes. */
class VaultStandinTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private VaultStandin vault;

    record Reply(int status, JsonNode body) {
    }

    @BeforeEach
    void start() {
        vault = new VaultStandin("root");
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private Reply call(String method, String path, String body) throws Exception {
        return call(method, path, body, "root");
    }

    private Reply call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body()));
    }

    @Test
    void kvV2VersionsCasSoftDeleteUndeleteDestroyAndList() throws Exception {
        Reply w1 = call("POST", "secret/data/app/key", "{\"data\":{\"value\":\"a\"}}");
        assertThat(w1.status()).isEqualTo(200);
        assertThat(w1.body().at("/data/version").asInt()).isEqualTo(1);
        Reply cas = call("POST", "secret/data/app/key", "{\"options\":{\"cas\":0},\"data\":{\"value\":\"b\"}}");
        assertThat(cas.status()).isEqualTo(400);
        assertThat(cas.body().at("/errors/0").asText()).isEqualTo("check-and-set parameter did not match the current version");
        assertThat(call("POST", "secret/data/app/key", "{\"options\":{\"cas\":1},\"data\":{\"value\":\"b\"}}").status())
                .isEqualTo(200);
        Reply read = call("GET", "secret/data/app/key", null);
        assertThat(read.body().at("/data/data/value").asText()).isEqualTo("b");
        assertThat(read.body().at("/data/metadata/version").asInt()).isEqualTo(2);
        assertThat(call("GET", "secret/data/app/key?version=1", null).body().at("/data/data/value").asText()).isEqualTo("a");

        assertThat(call("DELETE", "secret/data/app/key", null).status()).isEqualTo(204);
        Reply deleted = call("GET", "secret/data/app/key", null);
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.body().at("/data/data").isNull()).isTrue();
        assertThat(deleted.body().at("/data/metadata/deletion_time").asText()).isNotEmpty();
        assertThat(call("POST", "secret/undelete/app/key", "{\"versions\":[2]}").status()).isEqualTo(204);
        assertThat(call("GET", "secret/data/app/key", null).status()).isEqualTo(200);
        assertThat(call("POST", "secret/destroy/app/key", "{\"versions\":[1]}").status()).isEqualTo(204);
        assertThat(call("GET", "secret/data/app/key?version=1", null).body().at("/data/metadata/destroyed").asBoolean()).isTrue();

        Reply meta = call("GET", "secret/metadata/app/key", null);
        assertThat(meta.body().at("/data/current_version").asInt()).isEqualTo(2);
        assertThat(meta.body().at("/data/versions/1/destroyed").asBoolean()).isTrue();
        Reply list = call("LIST", "secret/metadata/app", null);
        assertThat(list.body().at("/data/keys/0").asText()).isEqualTo("key");
        assertThat(call("GET", "secret/metadata/?list=true", null).body().at("/data/keys/0").asText()).isEqualTo("app/");
        Reply empty = call("LIST", "secret/metadata/nothing", null);
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.body().get("errors").size()).isZero();
        assertThat(call("GET", "secret/data/missing", null).status()).isEqualTo(404);
    }

    @Test
    void transitEncryptDecryptRewrapRotateAndDatakey() throws Exception {
        assertThat(call("POST", "transit/keys/k", "{}").status()).isEqualTo(204);
        String pt = Base64.getEncoder().encodeToString("hello".getBytes());
        String ct = call("POST", "transit/encrypt/k", "{\"plaintext\":\"" + pt + "\"}").body().at("/data/ciphertext").asText();
        assertThat(ct).startsWith("vault:v1:");
        assertThat(call("POST", "transit/keys/k/rotate", null).body().at("/data/latest_version").asInt()).isEqualTo(2);
        String rewrapped = call("POST", "transit/rewrap/k", "{\"ciphertext\":\"" + ct + "\"}").body().at("/data/ciphertext").asText();
        assertThat(rewrapped).startsWith("vault:v2:");
        assertThat(call("POST", "transit/decrypt/k", "{\"ciphertext\":\"" + ct + "\"}").body().at("/data/plaintext").asText())
                .isEqualTo(pt);
        JsonNode dk = call("POST", "transit/datakey/plaintext/k", "{\"bits\":256}").body().at("/data");
        assertThat(Base64.getDecoder().decode(dk.get("plaintext").asText())).hasSize(32);
        String dkPlain = call("POST", "transit/decrypt/k", "{\"ciphertext\":\"" + dk.get("ciphertext").asText() + "\"}")
                .body().at("/data/plaintext").asText();
        assertThat(dkPlain).isEqualTo(dk.get("plaintext").asText());
        assertThat(call("POST", "transit/datakey/wrapped/k", "{}").body().at("/data").has("plaintext")).isFalse();
        Reply bad = call("POST", "transit/decrypt/k", "{\"ciphertext\":\"vault:v1:AAAA\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").get(0).asText()).startsWith("invalid ciphertext");
        assertThat(call("GET", "transit/keys/k", null).body().at("/data/keys").size()).isEqualTo(2);
    }

    @Test
    void tokensAppRoleAndErrors() throws Exception {
        assertThat(call("GET", "auth/token/lookup-self", null).body().at("/data/policies/0").asText()).isEqualTo("root");
        Reply denied = call("GET", "secret/data/x", null, "nope");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body().at("/errors/0").asText()).isEqualTo("permission denied");
        assertThat(call("GET", "secret/data/x", null, null).status()).isEqualTo(403);
        vault.addAppRole("svc", "rid", "sid", "svc-policy", "secret/");
        Reply login = call("POST", "auth/approle/login", "{\"role_id\":\"rid\",\"secret_id\":\"sid\"}", null);
        String token = login.body().at("/auth/client_token").asText();
        assertThat(token).startsWith("hvs.");
        assertThat(call("GET", "auth/token/lookup-self", null, token).body().at("/data/policies/0").asText()).isEqualTo("svc-policy");
        assertThat(call("POST", "transit/encrypt/k", "{\"plaintext\":\"\"}", token).status()).isEqualTo(403);
        assertThat(call("POST", "auth/approle/login", "{\"role_id\":\"rid\",\"secret_id\":\"bad\"}", null).status()).isEqualTo(400);
        vault.failNext(1, 503);
        Reply sealed = call("GET", "secret/data/x", null);
        assertThat(sealed.status()).isEqualTo(503);
        assertThat(sealed.body().at("/errors/0").asText()).isEqualTo("Vault is sealed");
    }
}
