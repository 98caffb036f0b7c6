package dev.tailtalos.common.crypto.sops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The {@code sops:} block of an encrypted file (the fields this implementation reads and writes). */
public record SopsMetadata(List<AgeEntry> age, List<VaultEntry> hcVault, List<String> otherKeyTypes, String lastModified,
                           String mac, CryptRule rule, boolean macOnlyEncrypted, String version) {

    /** The sops version written into files this implementation encrypts (the version its vectors were checked with). */
    public static final String WRITER_VERSION = "3.13.3";
    private static final Pattern SEMVER = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)([-+].*)?$");
    private static final List<String> OTHER_TYPES = List.of("pgp", "kms", "gcp_kms", "azure_kv", "hckms");

    public record AgeEntry(String recipient, String enc) {
    }

    public record VaultEntry(String vaultAddress, String enginePath, String keyName, String createdAt, String enc) {
        public String uri() {
            return vaultAddress + "/v1/" + enginePath + "/keys/" + keyName;
        }
    }

    /** Which leaves are encrypted: one of sops' six rules (comment rules are not supported here). */
    public record CryptRule(String field, String value) {
        public static final CryptRule DEFAULT = new CryptRule("unencrypted_suffix", "_unencrypted");

        public boolean encrypts(List<String> path) {
            return switch (field) {
                case "unencrypted_suffix" -> path.stream().noneMatch(k -> k.endsWith(value));
                case "encrypted_suffix" -> path.stream().anyMatch(k -> k.endsWith(value));
                case "unencrypted_regex" -> path.stream().noneMatch(k -> Pattern.compile(value).matcher(k).find());
                case "encrypted_regex" -> path.stream().anyMatch(k -> Pattern.compile(value).matcher(k).find());
                default -> throw new IllegalStateException(field);
            };
        }
    }

    static SopsMetadata fromMap(String file, Object raw) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw new SopsException(file, "sops", "the sops metadata is not a mapping");
        }
        if (map.get("key_groups") instanceof List<?> groups && groups.size() > 1) {
            throw new SopsException(file, "sops:key_groups", "files with " + groups.size()
                    + " key groups (Shamir secret sharing) are not supported");
        }
        Map<?, ?> keys = map;
        if (map.get("key_groups") instanceof List<?> groups && groups.size() == 1 && groups.get(0) instanceof Map<?, ?> g) {
            keys = g;
        }
        List<AgeEntry> age = new ArrayList<>();
        for (Map<?, ?> e : listOfMaps(file, "sops:age", keys.get("age"))) {
            age.add(new AgeEntry(str(file, "sops:age:recipient", e.get("recipient")), str(file, "sops:age:enc", e.get("enc"))));
        }
        List<VaultEntry> vault = new ArrayList<>();
        for (Map<?, ?> e : listOfMaps(file, "sops:hc_vault", keys.get("hc_vault"))) {
            vault.add(new VaultEntry(str(file, "sops:hc_vault:vault_address", e.get("vault_address")),
                    str(file, "sops:hc_vault:engine_path", e.get("engine_path")),
                    str(file, "sops:hc_vault:key_name", e.get("key_name")),
                    e.get("created_at") == null ? "" : e.get("created_at").toString(),
                    str(file, "sops:hc_vault:enc", e.get("enc"))));
        }
        List<String> other = new ArrayList<>();
        for (String t : OTHER_TYPES) {
            if (keys.get(t) instanceof List<?> l && !l.isEmpty()) {
                other.add(t);
            }
        }
        Object version = map.get("version");
        if (version == null) {
            throw new SopsException(file, "sops:version", "the sops metadata has no version");
        }
        var semver = SEMVER.matcher(version.toString());
        if (!semver.matches() && !version.toString().startsWith("1.")) {
            throw new SopsException(file, "sops:version", "'" + version + "' is not a sops version");
        }
        if (!semver.matches() || !semver.group(1).equals("3")) {
            throw new SopsException(file, "sops:version", "files written by sops " + version
                    + " are not supported (supported: sops 3.x)");
        }
        Object lastModified = map.get("lastmodified");
        if (lastModified == null) {
            throw new SopsException(file, "sops:lastmodified", "the sops metadata has no lastmodified time");
        }
        Object mac = map.get("mac");
        List<CryptRule> rules = new ArrayList<>();
        for (String f : List.of("unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex",
                "unencrypted_comment_regex", "encrypted_comment_regex")) {
            Object v = map.get(f);
            if (v != null && !v.toString().isEmpty()) {
                rules.add(new CryptRule(f, v.toString()));
            }
        }
        if (rules.size() > 1) {
            throw new SopsException(file, "sops", "only one of unencrypted_suffix, encrypted_suffix, unencrypted_regex,"
                    + " encrypted_regex, unencrypted_comment_regex, encrypted_comment_regex may be set, found "
                    + rules.stream().map(CryptRule::field).toList());
        }
        CryptRule rule = rules.isEmpty() ? CryptRule.DEFAULT : rules.get(0);
        if (rule.field().endsWith("comment_regex")) {
            throw new SopsException(file, "sops:" + rule.field(), "comment-based encryption rules are not supported");
        }
        Object macOnly = map.get("mac_only_encrypted");
        boolean macOnlyEncrypted = macOnly instanceof Boolean b ? b : "true".equalsIgnoreCase(String.valueOf(macOnly));
        return new SopsMetadata(List.copyOf(age), List.copyOf(vault), List.copyOf(other),
                lastModified instanceof GoTime t ? t.rfc3339Nano() : lastModified.toString(),
                mac == null ? null : mac.toString(), rule, macOnlyEncrypted, version.toString());
    }

    /** The metadata block as sops 3.13 writes it: keys in alphabetical order, empty lists omitted. */
    Map<String, Object> toMap() {
        Map<String, Object> out = new TreeMap<>();
        if (!age.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (AgeEntry e : age) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("enc", e.enc());
                m.put("recipient", e.recipient());
                list.add(m);
            }
            out.put("age", list);
        }
        if (!hcVault.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (VaultEntry e : hcVault) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("created_at", e.createdAt());
                m.put("enc", e.enc());
                m.put("engine_path", e.enginePath());
                m.put("key_name", e.keyName());
                m.put("vault_address", e.vaultAddress());
                list.add(m);
            }
            out.put("hc_vault", list);
        }
        out.put("lastmodified", lastModified);
        out.put("mac", mac);
        out.put(rule.field(), rule.value());
        if (macOnlyEncrypted) {
            out.put("mac_only_encrypted", true);
        }
        out.put("version", version);
        return new LinkedHashMap<>(out);
    }

    private static List<Map<?, ?>> listOfMaps(String file, String path, Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new SopsException(file, path, "expected a list");
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new SopsException(file, path, "expected a list of mappings");
            }
            out.add(m);
        }
        return out;
    }

    private static String str(String file, String path, Object o) {
        if (o == null) {
            throw new SopsException(file, path, "missing");
        }
        return o.toString();
    }
}
