package dev.tailtalos.sim;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process runs in a network namespace of its own: a named one ({@code ip netns add}, entered with
 * {@code ip netns exec}), or one other than PID 1's. There a simulated node may listen on the namespace's addresses,
 * which no other network sees.
 */
final class NetworkNamespace {
    private static final Path SELF = Path.of("/proc/self/ns/net");

    private NetworkNamespace() {
    }

    static boolean isOwn() {
        try {
            String self = Files.readSymbolicLink(SELF).toString();
            for (Path dir : new Path[] {Path.of("/run/netns"), Path.of("/var/run/netns")}) {
                if (Files.isDirectory(dir) && named(dir, self)) {
                    return true;
                }
            }
            Path init = Path.of("/proc/1/ns/net");
            return Files.isReadable(init) && !Files.readSymbolicLink(init).toString().equals(self);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** A file in dir (a bind mount of a namespace) with the inode of {@code self} ("net:[inode]"). */
    private static boolean named(Path dir, String self) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Object inode = Files.getAttribute(entry, "unix:ino");
                if (self.equals("net:[" + inode + "]")) {
                    return true;
                }
            }
        }
        return false;
    }
}
