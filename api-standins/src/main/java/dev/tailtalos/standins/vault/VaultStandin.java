package dev.tailtalos.standins.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.standins.http.StandinServer;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Vault HTTP API (tests only), following the documented behaviour of: KV v2 (mount {@code secret/}:
 * data, metadata, delete, undelete, destroy, config, list, check-and-set), transit (mount {@code transit/}: keys,
 * rotate, config, encrypt, decrypt, datakey, rewrap), {@code auth/token/lookup-self} and {@code auth/approle/login}.
 * Errors are {@code {"errors":[…]}} with 400/403/404/405; an unknown or missing token gets 403 "permission denied".
 * Tokens can be limited to path prefixes to produce 403s. Fault injection comes from {@link StandinServer}.
 */
public final class VaultStandin extends StandinServer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CIPHERTEXT = Pattern.compile("^vault:v(\\d+):(.+)$");

    private final String kvMount;
    private final String transitMount;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, AppRole> appRoles = new ConcurrentHashMap<>();
    private final Map<String, KvSecret> kv = new TreeMap<>();
    private final Map<String, TransitKey> transit = new TreeMap<>();
    private boolean casRequired;
    private int maxVersions = 10;

    private record Token(String id, String accessor, List<String> policies, List<String> allowedPrefixes,
                         Instant created, String displayName) {
    }

    private record AppRole(String name, String roleId, String secretId, List<String> policies, List<String> allowedPrefixes) {
    }

    private static final class KvVersion {
        final Map<String, Object> data;
        final Instant created;
        Instant deleted;
        boolean destroyed;

        KvVersion(Map<String, Object> data, Instant created) {
            this.data = data;
            this.created = created;
        }
    }

    private static final class KvSecret {
        final Instant created = Instant.now();
        Instant updated = created;
        int currentVersion;
        final TreeMap<Integer, KvVersion> versions = new TreeMap<>();
        Map<String, String> customMetadata;
        boolean casRequired;
    }

    private static final class TransitKey {
        final String name;
        final String type;
        final List<byte[]> versions = new ArrayList<>();
        final List<Instant> created = new ArrayList<>();
        int minDecryptionVersion = 1;
        boolean deletionAllowed;

        TransitKey(String name, String type) {
            this.name = name;
            this.type = type;
            rotate();
        }

        TransitKey(String name, byte[] fixedKey) {
            this.name = name;
            this.type = "aes256-gcm96";
            versions.add(fixedKey.clone());
            created.add(Instant.now());
        }

        void rotate() {
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            versions.add(k);
            created.add(Instant.now());
        }

        int latest() {
            return versions.size();
        }
    }

    public VaultStandin(String rootToken) {
        this(rootToken, "secret", "transit");
    }

    public VaultStandin(String rootToken, String kvMount, String transitMount) {
        this.kvMount = kvMount;
        this.transitMount = transitMount;
        tokens.put(rootToken, new Token(rootToken, accessor(), List.of("root"), List.of(""), Instant.now(), "root"));
    }

    /** A token allowed only on paths starting with one of the prefixes (e.g. "secret/data/tailtalos/"). */
    public void addToken(String token, String policy, String... allowedPathPrefixes) {
        tokens.put(token, new Token(token, accessor(), List.of(policy), List.of(allowedPathPrefixes), Instant.now(), "token"));
    }

    public void revokeToken(String token) {
        tokens.remove(token);
    }

    public void addAppRole(String name, String roleId, String secretId, String policy, String... allowedPathPrefixes) {
        appRoles.put(roleId, new AppRole(name, roleId, secretId, List.of(policy), List.of(allowedPathPrefixes)));
    }

    public synchronized void createTransitKey(String name) {
        transit.computeIfAbsent(name, n -> new TransitKey(n, "aes256-gcm96"));
    }

    /** A transit key with fixed version-1 material, so ciphertexts committed as test data stay decryptable. */
    public synchronized void importTransitKey(String name, byte[] aes256Key) {
        if (aes256Key.length != 32) {
            throw new IllegalArgumentException("aes256-gcm96 keys are 32 bytes");
        }
        transit.put(name, new TransitKey(name, aes256Key));
    }

    public synchronized void setCasRequired(boolean required) {
        this.casRequired = required;
    }

    /** For assertions: the number of versions of a KV secret (0 if absent). */
    public synchronized int kvVersionCount(String path) {
        KvSecret s = kv.get(path);
        return s == null ? 0 : s.versions.size();
    }

    // ---------------------------------------------------------------- dispatch

    @Override
    protected Response handle(Request r) {
        String rawPath = r.uri().getPath();
        if (!rawPath.startsWith("/v1/")) {
            return errors(404, List.of());
        }
        String path = rawPath.substring(4);
        String method = r.method();
        if ("GET".equals(method) && "true".equals(r.query("list"))) {
            method = "LIST";
        }
        if ("PUT".equals(method)) {
            method = "POST";
        }
        try {
            if (path.equals("auth/approle/login")) {
                return "POST".equals(method) ? appRoleLogin(r.json()) : unsupported();
            }
            Token token = authenticate(r);
            if (token == null) {
                return errors(403, List.of("permission denied"));
            }
            if (path.equals("auth/token/lookup-self")) {
                return lookupSelf(token);
            }
            if (token.allowedPrefixes().stream().noneMatch(path::startsWith)) {
                return errors(403, List.of("1 error occurred:\n\t* permission denied\n\n"));
            }
            synchronized (this) {
                if (path.startsWith(kvMount + "/")) {
                    return kv(method, path.substring(kvMount.length() + 1), r);
                }
                if (path.startsWith(transitMount + "/")) {
                    return transit(method, path.substring(transitMount.length() + 1), r);
                }
            }
            return errors(404, List.of("no handler for route \"" + path + "\". route entry not found."));
        } catch (BadRequest e) {
            return errors(400, List.of(e.getMessage()));
        }
    }

    private Token authenticate(Request r) {
        String t = r.header("X-Vault-Token");
        if (t == null && r.authorization() != null && r.authorization().startsWith("Bearer ")) {
            t = r.authorization().substring(7);
        }
        return t == null ? null : tokens.get(t);
    }

    // ---------------------------------------------------------------- auth

    private Response lookupSelf(Token token) {
        ObjectNode d = object();
        d.put("accessor", token.accessor());
        d.put("creation_time", token.created().getEpochSecond());
        d.put("creation_ttl", 0);
        d.put("display_name", token.displayName());
        d.put("entity_id", "");
        d.putNull("expire_time");
        d.put("explicit_max_ttl", 0);
        d.put("id", token.id());
        d.putNull("meta");
        d.put("num_uses", 0);
        d.put("orphan", true);
        d.put("path", "auth/token/create");
        d.set("policies", JSON.valueToTree(token.policies()));
        d.put("renewable", false);
        d.put("ttl", 0);
        d.put("type", "service");
        return ok(d);
    }

    private Response appRoleLogin(JsonNode body) {
        String roleId = body.path("role_id").asText("");
        String secretId = body.path("secret_id").asText("");
        if (roleId.isEmpty()) {
            return errors(400, List.of("missing role_id"));
        }
        AppRole role = appRoles.get(roleId);
        if (role == null || !role.secretId().equals(secretId)) {
            return errors(400, List.of("invalid role or secret ID"));
        }
        String id = "hvs." + UUID.randomUUID().toString().replace("-", "");
        Token token = new Token(id, accessor(), role.policies(), role.allowedPrefixes(), Instant.now(), "approle");
        tokens.put(id, token);
        ObjectNode auth = object();
        auth.put("client_token", id);
        auth.put("accessor", token.accessor());
        auth.set("policies", JSON.valueToTree(role.policies()));
        auth.set("token_policies", JSON.valueToTree(role.policies()));
        auth.set("metadata", object().put("role_name", role.name()));
        auth.put("lease_duration", 3600);
        auth.put("renewable", true);
        auth.put("entity_id", "");
        auth.put("token_type", "service");
        auth.put("orphan", true);
        ObjectNode out = envelope(null);
        out.set("auth", auth);
        return Response.of(200, out);
    }

    // ---------------------------------------------------------------- KV v2

    private Response kv(String method, String rest, Request r) {
        if (rest.equals("config")) {
            if ("POST".equals(method)) {
                JsonNode b = r.json();
                if (b.has("cas_required")) {
                    casRequired = b.get("cas_required").asBoolean();
                }
                if (b.has("max_versions")) {
                    maxVersions = b.get("max_versions").asInt() == 0 ? 10 : b.get("max_versions").asInt();
                }
                return Response.noContent();
            }
            return ok(object().put("cas_required", casRequired).put("max_versions", maxVersions)
                    .put("delete_version_after", "0s"));
        }
        int slash = rest.indexOf('/');
        String op = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        return switch (op) {
            case "data" -> switch (method) {
                case "GET" -> kvRead(path, r.query("version"));
                case "POST" -> kvWrite(path, r.json());
                case "DELETE" -> kvDeleteLatest(path);
                default -> unsupported();
            };
            case "delete" -> "POST".equals(method) ? kvVersions(path, r.json(), "delete") : unsupported();
            case "undelete" -> "POST".equals(method) ? kvVersions(path, r.json(), "undelete") : unsupported();
            case "destroy" -> "POST".equals(method) ? kvVersions(path, r.json(), "destroy") : unsupported();
            case "metadata" -> switch (method) {
                case "LIST" -> kvList(path);
                case "GET" -> kvMetadata(path);
                case "POST" -> kvWriteMetadata(path, r.json());
                case "DELETE" -> {
                    kv.remove(path);
                    yield Response.noContent();
                }
                default -> unsupported();
            };
            default -> errors(404, List.of("no handler for route \"" + kvMount + "/" + rest + "\". route entry not found."));
        };
    }

    private Response kvRead(String path, String versionParam) {
        KvSecret s = kv.get(path);
        if (s == null) {
            return errors(404, List.of());
        }
        int version = versionParam == null || versionParam.isEmpty() ? s.currentVersion : parseInt(versionParam, "version");
        if (version == 0) {
            version = s.currentVersion;
        }
        KvVersion v = s.versions.get(version);
        if (v == null) {
            return errors(404, List.of());
        }
        ObjectNode d = object();
        ObjectNode meta = versionMetadata(s, version, v);
        if (v.deleted != null || v.destroyed) {
            d.putNull("data");
            d.set("metadata", meta);
            return Response.of(404, envelope(d));
        }
        d.set("data", JSON.valueToTree(v.data));
        d.set("metadata", meta);
        return ok(d);
    }

    private Response kvWrite(String path, JsonNode body) {
        if (path.isEmpty() || path.endsWith("/")) {
            return errors(400, List.of("invalid path"));
        }
        JsonNode data = body.get("data");
        if (data == null || !data.isObject()) {
            return errors(400, List.of("no data provided"));
        }
        KvSecret s = kv.get(path);
        JsonNode cas = body.path("options").get("cas");
        if (cas != null) {
            if (!cas.canConvertToInt()) {
                return errors(400, List.of("error parsing check-and-set parameter"));
            }
            int expected = cas.asInt();
            int current = s == null ? 0 : s.currentVersion;
            if (expected != current) {
                return errors(400, List.of("check-and-set parameter did not match the current version"));
            }
        } else if (casRequired || (s != null && s.casRequired)) {
            return errors(400, List.of("check-and-set parameter required for this call"));
        }
        if (s == null) {
            s = new KvSecret();
            kv.put(path, s);
        }
        s.currentVersion++;
        Map<String, Object> fields = JSON.convertValue(data, LinkedHashMap.class);
        KvVersion v = new KvVersion(fields, Instant.now());
        s.versions.put(s.currentVersion, v);
        s.updated = v.created;
        while (s.versions.size() > maxVersions) {
            s.versions.pollFirstEntry();
        }
        return ok(versionMetadata(s, s.currentVersion, v));
    }

    private Response kvDeleteLatest(String path) {
        KvSecret s = kv.get(path);
        if (s != null) {
            KvVersion v = s.versions.get(s.currentVersion);
            if (v != null && v.deleted == null) {
                v.deleted = Instant.now();
            }
        }
        return Response.noContent();
    }

    private Response kvVersions(String path, JsonNode body, String op) {
        JsonNode versions = body.get("versions");
        if (versions == null || !versions.isArray() || versions.isEmpty()) {
            return errors(400, List.of("no version number provided"));
        }
        KvSecret s = kv.get(path);
        if (s == null) {
            return Response.noContent();
        }
        for (JsonNode n : versions) {
            KvVersion v = s.versions.get(n.asInt());
            if (v == null) {
                continue;
            }
            switch (op) {
                case "delete" -> {
                    if (v.deleted == null && !v.destroyed) {
                        v.deleted = Instant.now();
                    }
                }
                case "undelete" -> {
                    if (!v.destroyed) {
                        v.deleted = null;
                    }
                }
                default -> {
                    v.destroyed = true;
                    v.data.clear();
                }
            }
        }
        return Response.noContent();
    }

    private Response kvList(String prefix) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        Set<String> keys = new TreeSet<>();
        for (String p : kv.keySet()) {
            if (p.startsWith(prefix)) {
                String rest = p.substring(prefix.length());
                int slash = rest.indexOf('/');
                keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
            }
        }
        if (keys.isEmpty()) {
            return errors(404, List.of());
        }
        return ok(object().set("keys", JSON.valueToTree(keys)));
    }

    private Response kvMetadata(String path) {
        KvSecret s = kv.get(path);
        if (s == null) {
            return errors(404, List.of());
        }
        ObjectNode d = object();
        d.put("cas_required", s.casRequired);
        d.put("created_time", s.created.toString());
        d.put("current_version", s.currentVersion);
        d.set("custom_metadata", s.customMetadata == null ? null : JSON.valueToTree(s.customMetadata));
        d.put("delete_version_after", "0s");
        d.put("max_versions", 0);
        d.put("oldest_version", s.versions.isEmpty() ? 0 : s.versions.firstKey());
        d.put("updated_time", s.updated.toString());
        ObjectNode versions = object();
        s.versions.forEach((n, v) -> versions.set(Integer.toString(n), object()
                .put("created_time", v.created.toString())
                .put("deletion_time", v.deleted == null ? "" : v.deleted.toString())
                .put("destroyed", v.destroyed)));
        d.set("versions", versions);
        return ok(d);
    }

    private Response kvWriteMetadata(String path, JsonNode body) {
        KvSecret s = kv.computeIfAbsent(path, p -> new KvSecret());
        if (body.has("cas_required")) {
            s.casRequired = body.get("cas_required").asBoolean();
        }
        if (body.has("custom_metadata")) {
            Map<String, String> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = body.get("custom_metadata").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue().asText());
            }
            s.customMetadata = m;
        }
        return Response.noContent();
    }

    private static ObjectNode versionMetadata(KvSecret s, int version, KvVersion v) {
        ObjectNode meta = object();
        meta.put("created_time", v.created.toString());
        meta.set("custom_metadata", s.customMetadata == null ? null : JSON.valueToTree(s.customMetadata));
        meta.put("deletion_time", v.deleted == null ? "" : v.deleted.toString());
        meta.put("destroyed", v.destroyed);
        meta.put("version", version);
        return meta;
    }

    // ---------------------------------------------------------------- transit

    private Response transit(String method, String rest, Request r) {
        String[] parts = rest.split("/");
        if (parts[0].equals("keys")) {
            if (parts.length == 1) {
                return "LIST".equals(method) ? (transit.isEmpty() ? errors(404, List.of())
                        : ok(object().set("keys", JSON.valueToTree(transit.keySet())))) : unsupported();
            }
            String name = parts[1];
            if (parts.length == 2) {
                return switch (method) {
                    case "POST" -> {
                        String type = r.json().path("type").asText("aes256-gcm96");
                        if (!type.equals("aes256-gcm96")) {
                            yield errors(400, List.of("unsupported key type " + type + " in this stand-in"));
                        }
                        transit.computeIfAbsent(name, n -> new TransitKey(n, type));
                        yield Response.noContent();
                    }
                    case "GET" -> transit.containsKey(name) ? ok(keyInfo(transit.get(name))) : errors(404, List.of());
                    case "DELETE" -> {
                        TransitKey k = transit.get(name);
                        if (k != null && !k.deletionAllowed) {
                            yield errors(400, List.of("deletion is not allowed for this key"));
                        }
                        transit.remove(name);
                        yield Response.noContent();
                    }
                    default -> unsupported();
                };
            }
            TransitKey key = transit.get(name);
            if (key == null) {
                return errors(400, List.of("encryption key not found"));
            }
            if (parts[2].equals("rotate") && "POST".equals(method)) {
                key.rotate();
                return ok(keyInfo(key));
            }
            if (parts[2].equals("config") && "POST".equals(method)) {
                JsonNode b = r.json();
                if (b.has("min_decryption_version")) {
                    key.minDecryptionVersion = b.get("min_decryption_version").asInt();
                }
                if (b.has("deletion_allowed")) {
                    key.deletionAllowed = b.get("deletion_allowed").asBoolean();
                }
                return ok(keyInfo(key));
            }
            return unsupported();
        }
        if (!"POST".equals(method)) {
            return unsupported();
        }
        JsonNode b = r.json();
        switch (parts[0]) {
            case "encrypt": {
                TransitKey key = transit.computeIfAbsent(parts[1], n -> new TransitKey(n, "aes256-gcm96"));
                byte[] plaintext = b64(b.path("plaintext").asText(null), "failed to base64-decode plaintext");
                return ok(object().put("ciphertext", encrypt(key, plaintext)).put("key_version", key.latest()));
            }
            case "decrypt": {
                TransitKey key = requireKey(parts[1]);
                byte[] plaintext = decrypt(key, b.path("ciphertext").asText(""));
                return ok(object().put("plaintext", Base64.getEncoder().encodeToString(plaintext)));
            }
            case "rewrap": {
                TransitKey key = requireKey(parts[1]);
                byte[] plaintext = decrypt(key, b.path("ciphertext").asText(""));
                return ok(object().put("ciphertext", encrypt(key, plaintext)).put("key_version", key.latest()));
            }
            case "datakey": {
                if (parts.length < 3 || !(parts[1].equals("plaintext") || parts[1].equals("wrapped"))) {
                    return errors(400, List.of("invalid type; must be \"plaintext\" or \"wrapped\""));
                }
                TransitKey key = requireKey(parts[2]);
                int bits = b.path("bits").asInt(256);
                if (bits != 128 && bits != 256 && bits != 512) {
                    return errors(400, List.of("invalid bits value"));
                }
                byte[] dataKey = new byte[bits / 8];
                RANDOM.nextBytes(dataKey);
                ObjectNode d = object().put("ciphertext", encrypt(key, dataKey)).put("key_version", key.latest());
                if (parts[1].equals("plaintext")) {
                    d.put("plaintext", Base64.getEncoder().encodeToString(dataKey));
                }
                return ok(d);
            }
            default:
                return errors(404, List.of("no handler for route \"" + transitMount + "/" + rest + "\". route entry not found."));
        }
    }

    private TransitKey requireKey(String name) {
        TransitKey key = transit.get(name);
        if (key == null) {
            throw new BadRequest("encryption key not found");
        }
        return key;
    }

    private static String encrypt(TransitKey key, byte[] plaintext) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        byte[] ct = gcm(Cipher.ENCRYPT_MODE, key.versions.get(key.latest() - 1), nonce, plaintext);
        byte[] out = Arrays.copyOf(nonce, nonce.length + ct.length);
        System.arraycopy(ct, 0, out, nonce.length, ct.length);
        return "vault:v" + key.latest() + ":" + Base64.getEncoder().encodeToString(out);
    }

    private static byte[] decrypt(TransitKey key, String ciphertext) {
        Matcher m = CIPHERTEXT.matcher(ciphertext);
        if (!m.matches()) {
            throw new BadRequest("invalid ciphertext: no prefix");
        }
        int version = Integer.parseInt(m.group(1));
        if (version < key.minDecryptionVersion) {
            throw new BadRequest("ciphertext or signature version is disallowed by policy (too old)");
        }
        if (version > key.latest()) {
            throw new BadRequest("invalid ciphertext: key version not found");
        }
        byte[] raw = b64(m.group(2), "invalid ciphertext: could not decode base64");
        if (raw.length < 12 + 16) {
            throw new BadRequest("invalid ciphertext: too short");
        }
        try {
            return gcm(Cipher.DECRYPT_MODE, key.versions.get(version - 1), Arrays.copyOf(raw, 12),
                    Arrays.copyOfRange(raw, 12, raw.length));
        } catch (IllegalStateException e) {
            throw new BadRequest("cipher: message authentication failed");
        }
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("GCM failed", e);
        }
    }

    private static ObjectNode keyInfo(TransitKey key) {
        ObjectNode d = object();
        d.put("type", key.type);
        d.put("deletion_allowed", key.deletionAllowed);
        d.put("derived", false);
        d.put("exportable", false);
        d.put("allow_plaintext_backup", false);
        ObjectNode keys = object();
        for (int i = 0; i < key.created.size(); i++) {
            keys.put(Integer.toString(i + 1), key.created.get(i).getEpochSecond());
        }
        d.set("keys", keys);
        d.put("latest_version", key.latest());
        d.put("min_available_version", 0);
        d.put("min_decryption_version", key.minDecryptionVersion);
        d.put("min_encryption_version", 0);
        d.put("name", key.name);
        d.put("supports_encryption", true);
        d.put("supports_decryption", true);
        d.put("supports_derivation", true);
        d.put("supports_signing", false);
        d.put("imported_key", false);
        return d;
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] b64(String text, String error) {
        if (text == null) {
            throw new BadRequest(error);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(error);
        }
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new BadRequest("invalid " + what);
        }
    }

    private static String accessor() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    private static ObjectNode envelope(JsonNode data) {
        ObjectNode out = object();
        out.put("request_id", UUID.randomUUID().toString());
        out.put("lease_id", "");
        out.put("renewable", false);
        out.put("lease_duration", 0);
        out.set("data", data);
        out.putNull("wrap_info");
        out.putNull("warnings");
        out.putNull("auth");
        return out;
    }

    private static Response ok(JsonNode data) {
        return Response.of(200, envelope(data));
    }

    private static Response errors(int status, List<String> messages) {
        ObjectNode body = object();
        ArrayNode arr = body.putArray("errors");
        messages.forEach(arr::add);
        return Response.of(status, body);
    }

    private static Response unsupported() {
        return errors(405, List.of("1 error occurred:\n\t* unsupported operation\n\n"));
    }

    @Override
    protected Response injectedFailure(int status) {
        return errors(status, List.of(switch (status) {
            case 503 -> "Vault is sealed";
            case 429 -> "request rate limit exceeded";
            case 403 -> "permission denied";
            default -> "internal error";
        }));
    }

    @Override
    protected Response internalError(RuntimeException e) {
        return errors(500, List.of("internal error"));
    }

}
