package dev.tailtalos.secrets.adapters.http;

import dev.tailtalos.common.crypto.AesGcm;
import dev.tailtalos.common.crypto.KeyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The bearer token of the secrets HTTP API, kept in a 0600 file (created with a random token if missing). */
public class ApiToken {
    private final byte[] token;

    ApiToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** No token file configured: the HTTP API refuses every call. */
    public static ApiToken disabled() {
        return new ApiToken("") {
        };
    }

    public static ApiToken loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                KeyFiles.writePrivate(file, ("ttapi-" + HexFormat.of().formatHex(AesGcm.randomBytes(24)) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (t.length() < 16) {
                throw new IllegalStateException(file + ": API token is shorter than 16 characters");
            }
            return new ApiToken(t);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API token file " + file, e);
        }
    }

    /** Constant-time check of an Authorization header value. */
    public boolean accepts(String authorizationHeader) {
        if (token.length == 0 || authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, authorizationHeader.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiToken[hidden]";
    }
}
