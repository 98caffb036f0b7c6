package dev.tailtalos.secrets.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where secrets live. Values leave custody only to be bound into a config that is sealed at once. */
public interface Custody {
    Optional<Map<String, String>> read(String path);

    void write(String path, Map<String, String> fields);

    /** Paths and field names only, never values. */
    List<SecretListing> list();

    record SecretListing(String path, List<String> fields, long version, String updatedAt) {
    }
}
