package dev.tailtalos.secrets.adapters.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.SecretReference;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Custody in Vault KV v2: every secret under {@code <kv mount>/<base path>/<path>}, versioned by Vault, written with
 * check-and-set where asked. Runs unchanged against Vault or OpenBao.
 */
public final class VaultCustody implements Custody {
    private final VaultGateway vault;
    private final String mount;
    private final String base;

    public VaultCustody(VaultGateway vault) {
        this.vault = vault;
        this.mount = vault.settings().kvMount();
        this.base = vault.settings().basePath();
    }

    private String relative(String path) {
        SecretReference.parse(SecretReference.SCHEME + path);
        return base.isEmpty() ? path : base + "/" + path;
    }

    private String kvPath(String path) {
        return mount + "/" + relative(path);
    }

    @Override
    public Optional<VersionedSecret> readVersioned(String path) {
        return toSecret(vault.kvRead(kvPath(path), null), "read " + kvPath(path));
    }

    @Override
    public Optional<VersionedSecret> readVersion(String path, long version) {
        return toSecret(vault.kvRead(kvPath(path), version), "read " + kvPath(path));
    }

    private static Optional<VersionedSecret> toSecret(VaultGateway.Answer a, String operation) {
        if (a.status() == 404) {
            return Optional.empty();
        }
        VaultGateway.requireOk(a, operation);
        JsonNode data = a.data().path("data");
        if (!data.isObject()) {
            return Optional.empty();
        }
        TreeMap<String, String> fields = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
        }
        JsonNode meta = a.data().path("metadata");
        return Optional.of(new VersionedSecret(Map.copyOf(fields), meta.path("version").asLong(),
                meta.path("created_time").asText()));
    }

    @Override
    public void write(String path, Map<String, String> fields) {
        check(path, fields);
        VaultGateway.Answer a = vault.kvWrite(kvPath(path), fields, null);
        if (a.status() == 400 && a.errors().stream().anyMatch(e -> e.contains("check-and-set parameter required"))) {
            writeIfVersion(path, fields, currentVersion(path));
            return;
        }
        VaultGateway.requireOk(a, "write " + kvPath(path));
    }

    @Override
    public long writeIfVersion(String path, Map<String, String> fields, long expectedVersion) {
        check(path, fields);
        VaultGateway.Answer a = vault.kvWrite(kvPath(path), fields, expectedVersion);
        if (a.status() == 400 && a.errors().stream().anyMatch(e -> e.contains("check-and-set parameter did not match"))) {
            throw new CasConflictException(path, expectedVersion, -1);
        }
        VaultGateway.requireOk(a, "write " + kvPath(path));
        return a.data().path("version").asLong();
    }

    @Override
    public long currentVersion(String path) {
        VaultGateway.Answer a = vault.kvMetadata(mount, relative(path));
        if (a.status() == 404) {
            return 0;
        }
        VaultGateway.requireOk(a, "read metadata " + kvPath(path));
        return a.data().path("current_version").asLong();
    }

    @Override
    public void deleteLatest(String path) {
        long current = currentVersion(path);
        if (current > 0) {
            vault.kvDeleteVersions(kvPath(path), (int) current);
        }
    }

    @Override
    public List<SecretListing> list() {
        List<SecretListing> out = new ArrayList<>();
        collect(base, out);
        out.sort(java.util.Comparator.comparing(SecretListing::path));
        return out;
    }

    private void collect(String prefix, List<SecretListing> out) {
        for (String key : vault.kvList(mount, prefix)) {
            String child = prefix.isEmpty() ? key : prefix + "/" + key;
            if (key.endsWith("/")) {
                collect(child.substring(0, child.length() - 1), out);
                continue;
            }
            String path = base.isEmpty() ? child : child.substring(base.length() + 1);
            readVersioned(path).ifPresent(v -> out.add(new SecretListing(path,
                    List.copyOf(new TreeMap<>(v.fields()).keySet()), v.version(), v.createdAt())));
        }
    }

    private static void check(String path, Map<String, String> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("secret '" + path + "' needs at least one field");
        }
    }

    @Override
    public String toString() {
        return "VaultCustody[" + vault.settings() + "]";
    }
}
