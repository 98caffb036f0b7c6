package dev.tailtalos.secrets.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where secrets live: versioned secrets of string fields under paths like {@code tailscale/authkey}. Values leave
 * custody only to be bound into a config that is sealed at once. Both backends (the local keystore and Vault KV v2)
 * pass the same contract tests.
 */
public interface Custody {
    /** The fields of the latest live version. */
    default Optional<Map<String, String>> read(String path) {
        return readVersioned(path).map(VersionedSecret::fields);
    }

    /** Writes a new version unconditionally. */
    void write(String path, Map<String, String> fields);

    /** Paths, field names, versions and times only, never values. */
    List<SecretListing> list();

    /** The latest live (not deleted) version. */
    Optional<VersionedSecret> readVersioned(String path);

    /** A given version, if it exists and is neither deleted nor destroyed. */
    Optional<VersionedSecret> readVersion(String path, long version);

    /**
     * Check-and-set: writes a new version only if the current version is {@code expectedVersion} (0: the path must
     * not exist yet). Returns the new version.
     *
     * @throws CasConflictException if another writer got there first
     */
    long writeIfVersion(String path, Map<String, String> fields, long expectedVersion);

    /** The current version number including deleted versions (0 if the path never existed). */
    long currentVersion(String path);

    /** Soft-deletes the latest version (it can no longer be read; older versions stay readable by number). */
    void deleteLatest(String path);

    record SecretListing(String path, List<String> fields, long version, String updatedAt) {
    }

    /** One version of a secret; toString never shows the values. */
    record VersionedSecret(Map<String, String> fields, long version, String createdAt) {
        @Override
        public String toString() {
            return "VersionedSecret[fields=" + fields.keySet() + ", version=" + version + ", createdAt=" + createdAt + "]";
        }
    }

    class CasConflictException extends RuntimeException {
        public CasConflictException(String path, long expected, long actual) {
            super("check-and-set conflict on secret '" + path + "': expected version " + expected
                    + (actual >= 0 ? ", found " + actual : "") + " (someone else changed it; read it again and retry)");
        }
    }

    /** Custody cannot be reached or refused the call; says whether trying again later can help. */
    class CustodyUnavailableException extends RuntimeException {
        private final boolean transientFailure;

        public CustodyUnavailableException(String message, boolean transientFailure, Throwable cause) {
            super(message, cause);
            this.transientFailure = transientFailure;
        }

        public boolean isTransient() {
            return transientFailure;
        }
    }
}
