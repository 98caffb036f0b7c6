package dev.tailtalos.common.crypto;

import dev.tailtalos.common.files.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/** 32-byte keys kept base64-encoded in files readable by their owner only, and atomic private writes. */
public final class KeyFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {
    }

    /** Reads the key in {@code file}, creating it with a random key first if it does not exist. */
    public static byte[] loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            writePrivate(file, Base64.getEncoder().encode(AesGcm.randomKey()));
        }
        return load(file);
    }

    public static byte[] load(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> !OWNER_ONLY.contains(p))) {
                throw new IllegalStateException(file + ": key file must be readable by its owner only (chmod 600), is "
                        + PosixFilePermissions.toString(perms));
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
            if (key.length != AesGcm.KEY_BYTES) {
                throw new IllegalStateException(file + ": key must be 32 bytes base64-encoded, found " + key.length + " bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + ": key is not valid base64", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }

    /** Writes via a temporary file, fsync and rename, with mode 0600 in a 0700 directory. */
    public static void writePrivate(Path file, byte[] content) {
        PrivateFiles.write(file, content);
    }
}
