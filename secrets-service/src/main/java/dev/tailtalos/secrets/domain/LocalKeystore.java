package dev.tailtalos.secrets.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailtalos.common.crypto.AesGcm;
import dev.tailtalos.common.crypto.KeyFiles;
import org.bouncycastle.crypto.generators.SCrypt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
 * The embedded custody backend: every secret (with up to {@value #MAX_VERSIONS} versions) in one file, AES-256-GCM
 * encrypted as a whole, under a 32-byte key from a 0600 key file or derived from a passphrase with scrypt
 * (memory-hard; N=2^15, r=8, p=1 by default, parameters and salt in the file header). Each write re-encrypts and
 * atomically replaces the file (temp file, fsync, rename) before it is acknowledged, so a crash leaves either the old
 * or the new keystore and an acknowledged write is never lost; a failed write changes nothing in memory either.
 */
public final class LocalKeystore implements Custody {
    static final int MAX_VERSIONS = 10;
    private static final byte[] MAGIC_KEY_FILE = "TTKS1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC_PASSPHRASE = "TTKS2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "tailtalos-local-keystore-v1".getBytes(StandardCharsets.UTF_8);
    private static final int SALT_BYTES = 16;
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** scrypt cost parameters; {@link #DEFAULT} is for real use, tests may choose cheaper ones. */
    public record ScryptParams(int log2N, int r, int p) {
        public static final ScryptParams DEFAULT = new ScryptParams(15, 8, 1);
    }

    /** Replaces a file atomically; the default is {@link KeyFiles#writePrivate}. Tests inject failures here. */
    @FunctionalInterface
    public interface AtomicFileWriter {
        void replace(Path file, byte[] content);
    }

    private final Path file;
    private final byte[] key;
    private final byte[] header;
    private final Clock clock;
    private final AtomicFileWriter writer;
    private final TreeMap<String, Entry> entries = new TreeMap<>();

    /** One past version; {@code deleted} marks a soft delete. */
    public record Version(Map<String, String> fields, String createdAt, boolean deleted) {
        @Override
        public String toString() {
            return "Version[fields=" + fields.keySet() + ", deleted=" + deleted + "]";
        }
    }

    /**
     * A secret: the latest version's fields, number and time (the original keystore layout), plus older versions.
     */
    public record Entry(Map<String, String> fields, long version, String updatedAt, Boolean deleted,
                        TreeMap<Long, Version> previous) {
        public Entry {
            previous = previous == null ? new TreeMap<>() : previous;
            deleted = deleted != null && deleted;
        }

        @Override
        public String toString() {
            return "Entry[fields=" + fields.keySet() + ", version=" + version + "]";
        }
    }

    private LocalKeystore(Path file, byte[] key, byte[] header, Clock clock, AtomicFileWriter writer) {
        this.file = file;
        this.key = key.clone();
        this.header = header.clone();
        this.clock = clock;
        this.writer = writer;
    }

    /** A keystore under a key kept in a 0600 key file (created with a random key if missing). */
    public static LocalKeystore open(Path file, Path keyFile, Clock clock) {
        return open(file, keyFile, clock, KeyFiles::writePrivate);
    }

    public static LocalKeystore open(Path file, Path keyFile, Clock clock, AtomicFileWriter writer) {
        LocalKeystore ks = new LocalKeystore(file, KeyFiles.loadOrCreate(keyFile), MAGIC_KEY_FILE, clock, writer);
        if (Files.exists(file)) {
            ks.load(ks.readChecked(MAGIC_KEY_FILE));
        }
        return ks;
    }

    /** A keystore under a key derived from a passphrase with scrypt. A wrong passphrase fails to open the file. */
    public static LocalKeystore openWithPassphrase(Path file, char[] passphrase, Clock clock) {
        return openWithPassphrase(file, passphrase, ScryptParams.DEFAULT, clock, KeyFiles::writePrivate);
    }

    public static LocalKeystore openWithPassphrase(Path file, char[] passphrase, ScryptParams params, Clock clock,
                                                   AtomicFileWriter writer) {
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("the keystore passphrase is empty");
        }
        try {
            if (Files.exists(file)) {
                byte[] content = Files.readAllBytes(file);
                if (!startsWith(content, MAGIC_PASSPHRASE) || content.length < MAGIC_PASSPHRASE.length + 3 + SALT_BYTES) {
                    throw new IllegalStateException(file + ": not a passphrase-protected tailtalos keystore"
                            + (startsWith(content, MAGIC_KEY_FILE) ? " (it is protected by a key file)" : ""));
                }
                ByteBuffer b = ByteBuffer.wrap(content, MAGIC_PASSPHRASE.length, 3 + SALT_BYTES);
                ScryptParams stored = new ScryptParams(b.get(), b.get(), b.get());
                byte[] salt = new byte[SALT_BYTES];
                b.get(salt);
                byte[] header = Arrays.copyOf(content, MAGIC_PASSPHRASE.length + 3 + SALT_BYTES);
                LocalKeystore ks = new LocalKeystore(file, derive(passphrase, salt, stored), header, clock, writer);
                ks.load(Arrays.copyOfRange(content, header.length, content.length));
                return ks;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keystore " + file, e);
        }
        byte[] salt = AesGcm.randomBytes(SALT_BYTES);
        ByteBuffer header = ByteBuffer.allocate(MAGIC_PASSPHRASE.length + 3 + SALT_BYTES);
        header.put(MAGIC_PASSPHRASE).put((byte) params.log2N()).put((byte) params.r()).put((byte) params.p()).put(salt);
        return new LocalKeystore(file, derive(passphrase, salt, params), header.array(), clock, writer);
    }

    private static byte[] derive(char[] passphrase, byte[] salt, ScryptParams params) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passphrase));
        byte[] input = new byte[encoded.remaining()];
        encoded.get(input);
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            return SCrypt.generate(input, salt, 1 << params.log2N(), params.r(), params.p(), AesGcm.KEY_BYTES);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    // ---------------------------------------------------------------- Custody

    @Override
    public synchronized Optional<VersionedSecret> readVersioned(String path) {
        Entry e = entries.get(path);
        if (e == null || e.deleted()) {
            return Optional.empty();
        }
        return Optional.of(new VersionedSecret(e.fields(), e.version(), e.updatedAt()));
    }

    @Override
    public synchronized Optional<VersionedSecret> readVersion(String path, long version) {
        Entry e = entries.get(path);
        if (e == null) {
            return Optional.empty();
        }
        if (version == e.version()) {
            return readVersioned(path);
        }
        Version v = e.previous().get(version);
        return v == null || v.deleted() ? Optional.empty() : Optional.of(new VersionedSecret(v.fields(), version, v.createdAt()));
    }

    @Override
    public synchronized void write(String path, Map<String, String> fields) {
        writeIfVersion(path, fields, currentVersion(path));
    }

    @Override
    public synchronized long writeIfVersion(String path, Map<String, String> fields, long expectedVersion) {
        SecretReference.parse(SecretReference.SCHEME + path);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("secret '" + path + "' needs at least one field");
        }
        Entry previous = entries.get(path);
        long current = previous == null ? 0 : previous.version();
        if (current != expectedVersion) {
            throw new CasConflictException(path, expectedVersion, current);
        }
        TreeMap<Long, Version> history = new TreeMap<>();
        if (previous != null) {
            history.putAll(previous.previous());
            history.put(previous.version(), new Version(previous.fields(), previous.updatedAt(), previous.deleted()));
            while (history.size() >= MAX_VERSIONS) {
                history.pollFirstEntry();
            }
        }
        Entry next = new Entry(Map.copyOf(new TreeMap<>(fields)), current + 1, clock.instant().toString(), false, history);
        replace(path, previous, next);
        return next.version();
    }

    @Override
    public synchronized long currentVersion(String path) {
        Entry e = entries.get(path);
        return e == null ? 0 : e.version();
    }

    @Override
    public synchronized void deleteLatest(String path) {
        Entry e = entries.get(path);
        if (e == null || e.deleted()) {
            return;
        }
        replace(path, e, new Entry(e.fields(), e.version(), e.updatedAt(), true, e.previous()));
    }

    @Override
    public synchronized List<SecretListing> list() {
        List<SecretListing> out = new ArrayList<>();
        entries.forEach((p, e) -> {
            if (!e.deleted()) {
                out.add(new SecretListing(p, List.copyOf(new TreeMap<>(e.fields()).keySet()), e.version(), e.updatedAt()));
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- file

    private void replace(String path, Entry previous, Entry next) {
        entries.put(path, next);
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

    private void save() {
        byte[] plaintext;
        try {
            plaintext = JSON.writeValueAsBytes(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode keystore", e);
        }
        byte[] sealed = AesGcm.encrypt(key, plaintext, aad()).concatenated();
        Arrays.fill(plaintext, (byte) 0);
        byte[] content = Arrays.copyOf(header, header.length + sealed.length);
        System.arraycopy(sealed, 0, content, header.length, sealed.length);
        writer.replace(file, content);
    }

    private byte[] aad() {
        if (Arrays.equals(header, MAGIC_KEY_FILE)) {
            return AAD;
        }
        byte[] aad = Arrays.copyOf(AAD, AAD.length + header.length);
        System.arraycopy(header, 0, aad, AAD.length, header.length);
        return aad;
    }

    private byte[] readChecked(byte[] magic) {
        try {
            byte[] content = Files.readAllBytes(file);
            if (!startsWith(content, magic)) {
                throw new IllegalStateException(file + ": not a tailtalos keystore (bad header)"
                        + (startsWith(content, MAGIC_PASSPHRASE) ? "; it is protected by a passphrase" : ""));
            }
            return Arrays.copyOfRange(content, magic.length, content.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keystore " + file, e);
        }
    }

    private void load(byte[] sealed) {
        byte[] plaintext;
        try {
            plaintext = AesGcm.decrypt(key, AesGcm.Sealed.split(sealed), aad());
        } catch (AesGcm.DecryptionException e) {
            throw new IllegalStateException(file + ": cannot decrypt keystore (wrong key or passphrase, or the file is"
                    + " damaged): " + e.getMessage());
        }
        try {
            entries.putAll(JSON.readValue(plaintext, new TypeReference<TreeMap<String, Entry>>() {
            }));
        } catch (IOException e) {
            throw new IllegalStateException(file + ": keystore content is not readable: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(Arrays.copyOf(content, magic.length), magic);
    }
}
