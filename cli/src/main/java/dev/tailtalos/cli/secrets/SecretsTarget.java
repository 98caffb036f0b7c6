package dev.tailtalos.cli.secrets;

import dev.tailtalos.secrets.domain.Custody;
import dev.tailtalos.secrets.domain.LocalKeystore;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Where `tailtalos secrets` works: a running secrets-service (HTTP API) or a local keystore file. */
public class SecretsTarget {
    @Option(names = "--server", description = "secrets-service HTTP API, e.g. http://127.0.0.1:8082 (env TAILTALOS_SECRETS_URL).")
    String server;

    @Option(names = "--token-file", description = "File holding the API bearer token (env TAILTALOS_API_TOKEN_FILE).")
    Path tokenFile;

    @Option(names = "--keystore", description = "Work on this local keystore file directly instead of a server.")
    Path keystore;

    @Option(names = "--key-file", description = "The local keystore's 0600 key file.")
    Path keyFile;

    @Option(names = "--passphrase-file", description = "The local keystore's passphrase (first line of this file).")
    Path passphraseFile;

    boolean remote() {
        return serverUrl() != null;
    }

    String serverUrl() {
        String s = server != null ? server : System.getenv("TAILTALOS_SECRETS_URL");
        return s == null || s.isBlank() ? null : s.replaceAll("/+$", "");
    }

    String bearerToken() {
        Path file = tokenFile != null ? tokenFile
                : System.getenv("TAILTALOS_API_TOKEN_FILE") != null ? Path.of(System.getenv("TAILTALOS_API_TOKEN_FILE")) : null;
        if (file == null) {
            throw new IllegalArgumentException("--token-file (or TAILTALOS_API_TOKEN_FILE) is needed with --server");
        }
        return read(file);
    }

    Custody openLocal() {
        if (keystore == null) {
            throw new IllegalArgumentException("give --server URL (a running secrets-service) or --keystore FILE with"
                    + " --key-file or --passphrase-file");
        }
        if (passphraseFile != null) {
            return LocalKeystore.openWithPassphrase(keystore, read(passphraseFile).toCharArray(), Clock.systemUTC());
        }
        if (keyFile == null) {
            throw new IllegalArgumentException("--keystore needs --key-file or --passphrase-file");
        }
        return LocalKeystore.open(keystore, keyFile, Clock.systemUTC());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
