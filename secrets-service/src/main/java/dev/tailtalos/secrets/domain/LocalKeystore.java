package dev.tailtalos.secrets.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailtalos.common.crypto.AesGcm;
import dev.tailtalos.common.crypto.KeyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The embedded custody backend: every secret in one file, AES-256-GCM encrypted as a whole under a 32-byte key from a
 * 0600 key file. Each write re-encrypts and atomically replaces the file (temp file, fsync, rename), so a crash leaves
 * either the old or the new keystore and an acknowledged write is never lost.
 */
public final class LocalKeystore implements Custody {
    private static final byte[] MAGIC = "TTKS1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "tailtalos-local-keystore-v1".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final byte[] key;
    private final Clock clock;
    private final TreeMap<String, Entry> entries = new TreeMap<>();

    public record Entry(Map<String, String> fields, long version, String updatedAt) {
        @Override
        public String toString() {
            return "Entry[fields=" + fields.keySet() + ", version=" + version + "]";
        }
    }

    private LocalKeystore(Path file, byte[] key, Clock clock) {
        this.file = file;
        this.key = key.clone();
        this.clock = clock;
    }

    public static LocalKeystore open(Path file, Path keyFile, Clock clock) {
        LocalKeystore ks = new LocalKeystore(file, KeyFiles.loadOrCreate(keyFile), clock);
        if (Files.exists(file)) {
            ks.load();
        }
        return ks;
    }

    @Override
    public synchronized Optional<Map<String, String>> read(String path) {
        return Optional.ofNullable(entries.get(path)).map(Entry::fields);
    }

    @Override
    public synchronized void write(String path, Map<String, String> fields) {
        SecretReference.parse(SecretReference.SCHEME + path);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("secret '" + path + "' needs at least one field");
        }
        Entry previous = entries.get(path);
        entries.put(path, new Entry(Map.copyOf(new TreeMap<>(fields)), previous == null ? 1 : previous.version() + 1,
                clock.instant().toString()));
        try {
            save();
        } catch (RuntimeException e) {
            if (previous == null) {
                entries.remove(path);
            } else {
                entries.put(path, previous);
            }
            throw e;
        }
    }

    @Override
    public synchronized List<SecretListing> list() {
        List<SecretListing> out = new ArrayList<>();
        entries.forEach((p, e) -> out.add(new SecretListing(p, List.copyOf(new TreeMap<>(e.fields()).keySet()), e.version(),
                e.updatedAt())));
        return out;
    }

    private void save() {
        try {
            byte[] plaintext = JSON.writeValueAsBytes(entries);
            byte[] sealed = AesGcm.encrypt(key, plaintext, AAD).concatenated();
            Arrays.fill(plaintext, (byte) 0);
            byte[] content = new byte[MAGIC.length + sealed.length];
            System.arraycopy(MAGIC, 0, content, 0, MAGIC.length);
            System.arraycopy(sealed, 0, content, MAGIC.length, sealed.length);
            KeyFiles.writePrivate(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode keystore", e);
        }
    }

    private void load() {
        try {
            byte[] content = Files.readAllBytes(file);
            if (content.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(content, MAGIC.length), MAGIC)) {
                throw new IllegalStateException(file + ": not a tailtalos keystore (bad header)");
            }
            byte[] plaintext;
            try {
                plaintext = AesGcm.decrypt(key, AesGcm.Sealed.split(Arrays.copyOfRange(content, MAGIC.length, content.length)), AAD);
            } catch (AesGcm.DecryptionException e) {
                throw new IllegalStateException(file + ": cannot decrypt keystore: " + e.getMessage());
            }
            entries.putAll(JSON.readValue(plaintext, new TypeReference<TreeMap<String, Entry>>() {
            }));
            Arrays.fill(plaintext, (byte) 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keystore " + file, e);
        }
    }
}
