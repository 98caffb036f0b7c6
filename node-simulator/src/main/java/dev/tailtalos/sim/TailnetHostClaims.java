package dev.tailtalos.sim;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out tailnet host numbers (1..65534, the low 16 bits of 100.64.x.y and of its stand-in 127.100.x.y).
 * {@link #perTailnet()} counts from 1 in each tailnet, as tests expect; {@link #machineWide(Path)} claims each number
 * with an exclusive lock on a file in a shared directory, held until the JVM exits (the OS drops it even on a
 * crash), so simulators in different processes on one machine never get the same stand-in address.
 */
abstract class TailnetHostClaims {

    static final int LAST_HOST = 0xFFFE;

    /** The next free host number. @throws TailnetException when the pool is exhausted */
    abstract int claim() throws TailnetException;

    static TailnetHostClaims perTailnet() {
        return new TailnetHostClaims() {
            private int next = 1;

            @Override
            synchronized int claim() throws TailnetException {
                if (next > LAST_HOST) {
                    throw new TailnetException("backend error: tailnet address pool exhausted");
                }
                return next++;
            }
        };
    }

    /** Claims under {@code directory} (created if missing), e.g. {@code /tmp/tailtalos-tailnet-hosts}. */
    static TailnetHostClaims machineWide(Path directory) {
        return new MachineWide(directory);
    }

    static Path defaultDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "tailtalos-tailnet-hosts");
    }

    private static final class MachineWide extends TailnetHostClaims {

        /** Locks of this JVM, kept reachable so they stay held. */
        private static final List<FileLock> HELD = new ArrayList<>();

        private final Path directory;

        MachineWide(Path directory) {
            this.directory = directory;
        }

        @Override
        int claim() throws TailnetException {
            synchronized (HELD) {
                try {
                    Files.createDirectories(directory);
                } catch (IOException e) {
                    throw new TailnetException("cannot claim a tailnet address: " + directory + ": " + e.getMessage());
                }
                for (int host = 1; host <= LAST_HOST; host++) {
                    if (tryLock(directory.resolve("host-" + host + ".lock"))) {
                        return host;
                    }
                }
                throw new TailnetException("backend error: tailnet address pool exhausted (every 127.100.x.y stand-in "
                        + "is claimed under " + directory + ")");
            }
        }

        private static boolean tryLock(Path file) throws TailnetException {
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    return false;
                }
                HELD.add(lock);
                return true;
            } catch (IOException e) {
                throw new TailnetException("cannot claim a tailnet address: " + file + ": " + e.getMessage());
            }
        }
    }
}
