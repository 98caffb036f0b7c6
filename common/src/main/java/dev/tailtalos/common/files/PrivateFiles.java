package dev.tailtalos.common.files;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files tailtalos keeps under a data dir: readable by their owner only (0600) in directories only their owner can
 * enter (0700). Files written by libraries (Kafka segments, log files) get the same modes through the process umask.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final int OWNER_ONLY_UMASK = 0077;

    private PrivateFiles() {
    }

    private interface CLibrary extends Library {
        int umask(int mask);
    }

    /**
     * Sets the process umask to 077, so every file and directory this JVM creates from now on (also those Kafka and
     * logback create) is its owner's only. Returns the previous umask.
     */
    public static int restrictUmask() {
        CLibrary libc = Native.load("c", CLibrary.class);
        int previous = libc.umask(OWNER_ONLY_UMASK);
        libc.umask(previous | OWNER_ONLY_UMASK);
        return previous;
    }

    /** Creates the directory and any missing parents with mode 0700; an existing {@code dir} itself is set to 0700. */
    public static Path createDirectories(Path dir) {
        Path absolute = dir.toAbsolutePath();
        List<Path> missing = new ArrayList<>();
        for (Path p = absolute; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        try {
            for (Path p : missing) {
                try {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // created concurrently: fine, its mode is set below when it is the leaf
                }
            }
            Files.setPosixFilePermissions(absolute, DIRECTORY);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir, e);
        }
    }

    /** Writes via a temporary file, fsync and rename, with mode 0600: a crash leaves the old or the new content. */
    public static void write(Path file, byte[] content) {
        try {
            Path dir = createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(FILE));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A UTF-8 writer replacing {@code file}, which is created 0600 (an existing file is set to 0600 first). */
    public static Writer newWriter(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            createDirectories(parent);
        }
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), PosixFilePermissions.asFileAttribute(FILE));
        return new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8));
    }

    /** Sets every file under {@code root} to 0600 and every directory (root included) to 0700. */
    public static void restrictTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIRECTORY : FILE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the modes under " + root, e);
        }
    }

    /** Every path under {@code root} (root included) whose mode is wider than 0600 (files) or 0700 (directories). */
    public static List<String> tooOpen(Path root) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
                Set<PosixFilePermission> allowed = Files.isDirectory(p) ? DIRECTORY : FILE;
                if (!allowed.containsAll(mode)) {
                    out.add(p + " " + PosixFilePermissions.toString(mode));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the modes under " + root, e);
        }
        return out;
    }
}
