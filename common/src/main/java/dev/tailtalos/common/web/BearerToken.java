package dev.tailtalos.common.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A bearer token of an HTTP API; blank means the API is disabled and refuses every call. Never printed. */
public final class BearerToken {
    private final byte[] token;

    BearerToken(String token) {
        this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
    }

    public static BearerToken disabled() {
        return new BearerToken("");
    }

    public boolean enabled() {
        return token.length > 0;
    }

    /** Constant-time check of an {@code Authorization} header value. */
    public boolean accepts(String authorizationHeader) {
        if (token.length == 0 || authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, authorizationHeader.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The value for an {@code Authorization} header (for clients). */
    public String header() {
        return "Bearer " + reveal();
    }

    /** The token itself, for a controller that checks it on its own; blank when disabled. */
    public String reveal() {
        return new String(token, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }
}
