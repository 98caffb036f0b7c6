package dev.tailtalos.common.web;

import dev.tailtalos.common.crypto.AesGcm;
import dev.tailtalos.common.files.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Tokens kept in files: a service creates its token file (mode 0600, a random token with a recognisable prefix) when
 * it is missing; clients read it. Tokens never come from argv.
 */
public final class TokenFile {
    public static final int MIN_LENGTH = 16;

    private TokenFile() {
    }

    /** The token in {@code file}, which is created 0600 with a random {@code prefix-…} token first if missing. */
    public static BearerToken loadOrCreate(Path file, String prefix) {
        if (!Files.exists(file)) {
            PrivateFiles.write(file, (prefix + "-" + HexFormat.of().formatHex(AesGcm.randomBytes(24)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return read(file);
    }

    /** A blank setting disables the API (every call refused); otherwise {@link #loadOrCreate}. */
    public static BearerToken fromSetting(String file, String prefix) {
        return file == null || file.isBlank() ? BearerToken.disabled() : loadOrCreate(Path.of(file), prefix);
    }

    /** Reads a token file a client was given; the message names the file (never the token). */
    public static BearerToken read(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
        if (token.length() < MIN_LENGTH) {
            throw new IllegalStateException(file + ": token is shorter than " + MIN_LENGTH + " characters");
        }
        if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalStateException(file + ": token holds whitespace or non-ASCII characters");
        }
        return new BearerToken(token);
    }
}
