package dev.tailtalos.common.crypto.sops;

import dev.tailtalos.common.crypto.age.Age;
import dev.tailtalos.common.crypto.age.AgeException;
import dev.tailtalos.common.crypto.age.AgeIdentity;
import dev.tailtalos.common.crypto.age.AgeRecipient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Decrypts and encrypts files in the format of getsops/sops 3.x (YAML and JSON stores) with age X25519 and
 * HashiCorp Vault transit master keys: data key, per-value AES-256-GCM, MAC over the values.
 * Errors name the file and the key path and never contain a value.
 */
public final class Sops {
    private static final DateTimeFormatter RFC3339_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String METADATA_KEY = "sops";

    private Sops() {
    }

    /** Vault transit as sops uses it: {@code <engine>/encrypt/<key>} and {@code <engine>/decrypt/<key>}. */
    public interface VaultTransit {
        byte[] decrypt(String vaultAddress, String enginePath, String keyName, String ciphertext);

        String encrypt(String vaultAddress, String enginePath, String keyName, byte[] plaintext);
    }

    /** What can open a file's data key. */
    public record Keys(List<AgeIdentity> ageIdentities, VaultTransit vault) {
        public Keys {
            ageIdentities = List.copyOf(ageIdentities);
        }

        public static Keys age(List<AgeIdentity> identities) {
            return new Keys(identities, null);
        }
    }

    /** A Vault transit key named like sops' {@code --hc-vault-transit} URI. */
    public record VaultKey(String vaultAddress, String enginePath, String keyName) {
        /** Parses {@code https://vault:8200/v1/<engine path>/keys/<key name>}. */
        public static VaultKey parse(String uri) {
            int v1 = uri.indexOf("/v1/");
            int keys = uri.lastIndexOf("/keys/");
            if (v1 < 0 || keys < v1 + 4 || keys + 6 >= uri.length()) {
                throw new IllegalArgumentException("not a Vault transit key URI (expected"
                        + " https://host:port/v1/<engine>/keys/<name>): " + uri);
            }
            return new VaultKey(uri.substring(0, v1), uri.substring(v1 + 4, keys), uri.substring(keys + 6));
        }
    }

    public record EncryptOptions(List<AgeRecipient> age, List<VaultKey> vault, SopsMetadata.CryptRule rule,
                                 boolean macOnlyEncrypted) {
        public EncryptOptions {
            age = List.copyOf(age);
            vault = List.copyOf(vault);
            if (rule == null) {
                rule = SopsMetadata.CryptRule.DEFAULT;
            }
        }

        public static EncryptOptions age(AgeRecipient... recipients) {
            return new EncryptOptions(List.of(recipients), List.of(), null, false);
        }
    }

    public record Decrypted(List<Map<String, Object>> documents, SopsMetadata metadata) {
        @Override
        public String toString() {
            return "Decrypted[" + documents.size() + " documents]";
        }
    }

    /** True if the text looks like a sops-encrypted file (has a {@code sops} block with a version). */
    public static boolean looksEncrypted(String text) {
        return text.contains("ENC[AES256_GCM,") || (text.contains("sops") && text.contains("lastmodified"));
    }

    public static String decryptToText(String source, String text, SopsStore store, Keys keys) {
        return store.write(decrypt(source, text, store, keys).documents());
    }

    public static Decrypted decrypt(String source, String text, SopsStore store, Keys keys) {
        List<Map<String, Object>> docs = store.read(source, text);
        if (docs.isEmpty() || !docs.get(0).containsKey(METADATA_KEY)) {
            throw new SopsException(source, "sops", "no sops metadata: not a sops-encrypted file, or it is truncated");
        }
        SopsMetadata metadata = SopsMetadata.fromMap(source, docs.get(0).get(METADATA_KEY));
        for (Map<String, Object> doc : docs) {
            doc.remove(METADATA_KEY);
        }
        byte[] dataKey = dataKey(source, metadata, keys);
        try {
            MessageDigest mac = newMac(metadata.macOnlyEncrypted());
            List<Map<String, Object>> plain = new ArrayList<>();
            for (Map<String, Object> doc : docs) {
                @SuppressWarnings("unchecked")
                Map<String, Object> d = (Map<String, Object>) walk(source, doc, new ArrayList<>(),
                        new Walk(false, dataKey, metadata.rule(), metadata.macOnlyEncrypted(), mac));
                plain.add(d);
            }
            verifyMac(source, metadata, dataKey, HexFormat.of().withUpperCase().formatHex(mac.digest()));
            return new Decrypted(plain, metadata);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    public static String encrypt(String source, String plaintext, SopsStore store, EncryptOptions options,
                                 VaultTransit vault, Clock clock) {
        if (options.age().isEmpty() && options.vault().isEmpty()) {
            throw new SopsException(source, "", "no master key given (an age recipient or a Vault transit key)");
        }
        List<Map<String, Object>> docs = store.read(source, plaintext);
        if (docs.isEmpty()) {
            throw new SopsException(source, "", "nothing to encrypt: the file has no documents");
        }
        for (Map<String, Object> doc : docs) {
            if (doc.containsKey(METADATA_KEY)) {
                throw new SopsException(source, METADATA_KEY, "the file already has a 'sops' key (already encrypted?)");
            }
        }
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        try {
            List<SopsMetadata.AgeEntry> ageEntries = new ArrayList<>();
            for (AgeRecipient r : options.age()) {
                ageEntries.add(new SopsMetadata.AgeEntry(r.toString(), Age.encryptArmored(dataKey, List.of(r))));
            }
            String now = RFC3339_SECONDS.format(clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
            List<SopsMetadata.VaultEntry> vaultEntries = new ArrayList<>();
            for (VaultKey k : options.vault()) {
                if (vault == null) {
                    throw new SopsException(source, "", "a Vault transit key was given but no Vault client is configured");
                }
                vaultEntries.add(new SopsMetadata.VaultEntry(k.vaultAddress(), k.enginePath(), k.keyName(), now,
                        vault.encrypt(k.vaultAddress(), k.enginePath(), k.keyName(), dataKey)));
            }
            MessageDigest mac = newMac(options.macOnlyEncrypted());
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map<String, Object> doc : docs) {
                @SuppressWarnings("unchecked")
                Map<String, Object> d = (Map<String, Object>) walk(source, doc, new ArrayList<>(),
                        new Walk(true, dataKey, options.rule(), options.macOnlyEncrypted(), mac));
                out.add(d);
            }
            String macValue = SopsValueCipher.encrypt(HexFormat.of().withUpperCase().formatHex(mac.digest()), dataKey, now);
            SopsMetadata metadata = new SopsMetadata(ageEntries, vaultEntries, List.of(), now, macValue, options.rule(),
                    options.macOnlyEncrypted(), SopsMetadata.WRITER_VERSION);
            for (Map<String, Object> doc : out) {
                doc.put(METADATA_KEY, metadata.toMap());
            }
            return store.write(out);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private record Walk(boolean encrypt, byte[] dataKey, SopsMetadata.CryptRule rule, boolean macOnlyEncrypted,
                        MessageDigest mac) {
    }

    private static Object walk(String source, Object value, List<String> path, Walk w) {
        if (value instanceof Map<?, ?> map) {
            CommentedMap out = new CommentedMap();
            for (PlacedComment c : CommentedMap.commentsOf(map)) {
                Object result = comment(c.comment(), path, w);
                out.comments.add(new PlacedComment(c.before(), result instanceof SopsComment sc ? sc
                        : new SopsComment((String) result, c.comment().inline())));
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                path.add(e.getKey().toString());
                out.put(e.getKey().toString(), walk(source, e.getValue(), path, w));
                path.remove(path.size() - 1);
            }
            return out;
        }
        if (value instanceof List<?> list) {
            CommentedList out = new CommentedList();
            for (Object item : inSopsOrder(list)) {
                Object result = item instanceof SopsComment c ? comment(c, path, w) : walk(source, item, path, w);
                if (result instanceof SopsComment c) {
                    out.comments.add(new PlacedComment(out.size(), c));
                } else {
                    out.add(result);
                }
            }
            return out;
        }
        if (value == null) {
            return null;
        }
        boolean encrypted = w.rule().encrypts(path);
        String aad = String.join(":", path) + ":";
        Object plain = value;
        Object result = value;
        if (encrypted && !w.encrypt()) {
            if (!(value instanceof String s)) {
                throw new SopsException(source, aad, "expected an encrypted value, found a plain "
                        + GoYamlScalars.typeOf(value) + " (the file was edited by hand, or its encryption rule changed)");
            }
            try {
                plain = SopsValueCipher.decrypt(s, w.dataKey(), aad);
            } catch (IllegalArgumentException e) {
                throw new SopsException(source, aad, "cannot decrypt the value: " + e.getMessage());
            }
            result = plain;
        }
        if (!(plain instanceof SopsComment) && (!w.macOnlyEncrypted() || encrypted)) {
            w.mac().update(GoYamlScalars.toBytes(plain));
        }
        if (encrypted && w.encrypt()) {
            result = SopsValueCipher.encrypt(value, w.dataKey(), aad);
        }
        return result;
    }

    /** A list's items with its comments among them, the way sops holds a sequence. */
    private static List<Object> inSopsOrder(List<?> list) {
        List<PlacedComment> comments = CommentedMap.commentsOf(list);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i <= list.size(); i++) {
            for (PlacedComment c : comments) {
                if (c.before() == i) {
                    items.add(c.comment());
                }
            }
            if (i < list.size()) {
                items.add(list.get(i));
            }
        }
        return items;
    }

    /**
     * Encrypts a comment to its {@code ENC[…,type:comment]} text, or decrypts one; like sops, a comment that does not
     * decrypt is kept as it is (plain comments from older sops versions or added by hand) and is never in the MAC.
     */
    private static Object comment(SopsComment c, List<String> path, Walk w) {
        if (!w.rule().encrypts(path)) {
            return c;
        }
        String aad = String.join(":", path) + ":";
        if (w.encrypt()) {
            return SopsValueCipher.encrypt(c, w.dataKey(), aad);
        }
        try {
            return SopsValueCipher.decrypt(c.text(), w.dataKey(), aad) instanceof SopsComment plain ? plain : c;
        } catch (IllegalArgumentException e) {
            return c;
        }
    }

    private static void verifyMac(String source, SopsMetadata metadata, byte[] dataKey, String computed) {
        if (metadata.mac() == null || metadata.mac().isEmpty()) {
            throw new SopsException(source, "sops:mac", "the file has no MAC, so its integrity cannot be checked");
        }
        String aad;
        try {
            aad = RFC3339_SECONDS.format(OffsetDateTime.parse(metadata.lastModified()));
        } catch (DateTimeParseException e) {
            throw new SopsException(source, "sops:lastmodified", "not an RFC 3339 time");
        }
        Object stored;
        try {
            stored = SopsValueCipher.decrypt(metadata.mac(), dataKey, aad);
        } catch (IllegalArgumentException e) {
            throw new SopsException(source, "sops:mac", "the MAC cannot be decrypted (the MAC or lastmodified was"
                    + " altered): " + e.getMessage());
        }
        if (!MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                String.valueOf(stored).getBytes(StandardCharsets.US_ASCII))) {
            throw new SopsException(source, "sops:mac", "MAC mismatch: the file's values were changed, added or removed"
                    + " after it was encrypted");
        }
    }

    private static byte[] dataKey(String source, SopsMetadata metadata, Keys keys) {
        List<String> problems = new ArrayList<>();
        for (SopsMetadata.AgeEntry entry : metadata.age()) {
            if (keys.ageIdentities().isEmpty()) {
                problems.add("age " + entry.recipient() + ": no age identity available (set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY)");
                continue;
            }
            try {
                byte[] key = Age.decrypt(entry.enc().getBytes(StandardCharsets.US_ASCII), keys.ageIdentities());
                if (key.length == 32) {
                    return key;
                }
                problems.add("age " + entry.recipient() + ": the data key is " + key.length + " bytes, not 32");
            } catch (AgeException e) {
                problems.add("age " + entry.recipient() + ": " + e.getMessage());
            }
        }
        for (SopsMetadata.VaultEntry entry : metadata.hcVault()) {
            if (keys.vault() == null) {
                problems.add("hc_vault " + entry.uri() + ": no Vault client configured");
                continue;
            }
            try {
                byte[] key = keys.vault().decrypt(entry.vaultAddress(), entry.enginePath(), entry.keyName(), entry.enc());
                if (key.length == 32) {
                    return key;
                }
                problems.add("hc_vault " + entry.uri() + ": the data key is " + key.length + " bytes, not 32");
            } catch (RuntimeException e) {
                problems.add("hc_vault " + entry.uri() + ": " + e.getMessage());
            }
        }
        for (String other : metadata.otherKeyTypes()) {
            problems.add(other + ": master keys of this type are not supported");
        }
        if (problems.isEmpty()) {
            problems.add("the file names no master key");
        }
        throw new SopsException(source, "sops", "cannot decrypt the data key: " + String.join("; ", problems));
    }

    private static MessageDigest newMac(boolean macOnlyEncrypted) {
        try {
            MessageDigest mac = MessageDigest.getInstance("SHA-512");
            if (macOnlyEncrypted) {
                mac.update(MessageDigest.getInstance("SHA-256").digest("sops".getBytes(StandardCharsets.US_ASCII)));
            }
            return mac;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
